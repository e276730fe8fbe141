package dev.backstop.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints durations written as {@code 90s}, {@code 30m}, {@code 25h}, {@code 7d} or {@code 1h30m}. */
public final class Durations {

    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d|w))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

    private Durations() {
    }

    /** Parses {@code text}, or throws IllegalArgumentException saying what form is expected. */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (!WHOLE.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 90s, 30m, 25h, 7d or 1h30m)");
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(trimmed);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofDays(7 * amount);
            });
        }
        if (total.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is zero; a duration must be positive");
        }
        return total;
    }

    /**
     * Prints a duration exactly enough to compare it with a limit, the one way every age, limit and
     * time span is shown: {@code 310ms}, {@code 4.2s}, {@code 1m 31s}, {@code 25h 3m 12s}, {@code 3d 4h}.
     * Under a second it shows milliseconds, under a minute tenths of a second; above that whole seconds,
     * with days from 48 hours on. Parts that are zero are left out; negative durations print as {@code 0s}.
     */
    public static String format(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 1000) {
            return millis == 0 ? "0s" : millis + "ms";
        }
        if (millis < 60_000) {
            long tenths = (millis % 1000) / 100;
            return (millis / 1000) + (tenths == 0 ? "" : "." + tenths) + "s";
        }
        long seconds = millis / 1000;
        StringBuilder text = new StringBuilder();
        long hours = seconds / 3600;
        if (hours >= 48) {
            part(text, hours / 24, "d");
            part(text, hours % 24, "h");
        } else {
            part(text, hours, "h");
        }
        part(text, (seconds % 3600) / 60, "m");
        part(text, seconds % 60, "s");
        return text.toString();
    }

    private static void part(StringBuilder text, long amount, String unit) {
        if (amount > 0) {
            text.append(text.length() == 0 ? "" : " ").append(amount).append(unit);
        }
    }
}
