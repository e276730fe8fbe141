package dev.backstop.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses byte sizes written as {@code 512KiB}, {@code 16MiB} or {@code 1GiB} (binary units, whole numbers). */
public final class ByteSizes {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,9})\\s*(B|KiB|MiB|GiB)", Pattern.CASE_INSENSITIVE);

    private ByteSizes() {
    }

    /** Parses {@code text} into bytes, or throws IllegalArgumentException saying what form is expected. */
    public static long parse(String text) {
        Matcher size = SIZE.matcher(text == null ? "" : text.trim());
        if (!size.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (use e.g. 8MiB, 16MiB or 64MiB)");
        }
        long amount = Long.parseLong(size.group(1));
        return amount << switch (size.group(2).toLowerCase(Locale.ROOT)) {
            case "kib" -> 10;
            case "mib" -> 20;
            case "gib" -> 30;
            default -> 0;
        };
    }

    /** Prints {@code bytes} in the largest binary unit that divides it: {@code 16MiB}, {@code 5000KiB}, {@code 7B}. */
    public static String format(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB"};
        int unit = 0;
        while (unit < units.length - 1 && bytes != 0 && bytes % 1024 == 0) {
            bytes /= 1024;
            unit++;
        }
        return bytes + units[unit];
    }

    /** Prints {@code bytes} for people, rounded to one decimal: {@code 512 B}, {@code 1.4 MiB}, {@code 2.0 GiB}. */
    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
