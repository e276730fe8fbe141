package dev.backstop.config;

import java.util.BitSet;

/** One field of a cron expression: {@code *}, {@code 5}, {@code 1-5}, {@code *}{@code /15}, {@code 0-30/10} and lists of them. */
final class CronField {

    private CronField() {
    }

    static BitSet parse(String name, String text, int min, int max) {
        BitSet values = new BitSet(max + 1);
        for (String part : text.split(",")) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(name, part.substring(slash + 1), 1, max);
                range = part.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", 2);
                from = number(name, ends[0], min, max);
                to = number(name, ends[1], min, max);
                if (from > to) {
                    throw new IllegalArgumentException(name + " range '" + range + "' runs backwards");
                }
            } else {
                from = number(name, range, min, max);
                to = slash >= 0 ? max : from;
            }
            for (int value = from; value <= to; value += step) {
                values.set(value);
            }
        }
        return values;
    }

    private static int number(String name, String text, int min, int max) {
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " " + value + " is out of range " + min + "-" + max);
            }
            return value;
        } catch (NumberFormatException notNumber) {
            throw new IllegalArgumentException(name + " '" + text + "' is not a number, range, list or step");
        }
    }
}
