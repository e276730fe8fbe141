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

    /** Prints a duration the short way people read it: {@code 3d4h}, {@code 25h}, {@code 12m}, {@code 40s}. */
    public static String format(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + "m";
        }
        if (seconds < 48 * 3600) {
            long minutes = (seconds % 3600) / 60;
            return (seconds / 3600) + "h" + (minutes == 0 ? "" : minutes + "m");
        }
        long hours = (seconds % 86400) / 3600;
        return (seconds / 86400) + "d" + (hours == 0 ? "" : hours + "h");
    }
}
