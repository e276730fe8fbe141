package dev.backstop.config;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;

/**
 * When a job runs: a 5-field cron expression in UTC ({@code minute hour day-of-month month
 * day-of-week}, with {@code *}, lists, ranges and steps) or {@code @every DURATION}, plus the
 * usual {@code @hourly}, {@code @daily}, {@code @weekly} and {@code @monthly}.
 */
public final class Schedule {

    private final String text;
    private final Duration every;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;
    private final boolean anyDay;
    private final boolean anyWeekday;

    private Schedule(String text, Duration every, String[] fields) {
        this.text = text;
        this.every = every;
        if (fields == null) {
            minutes = hours = days = months = weekdays = null;
            anyDay = anyWeekday = true;
            return;
        }
        minutes = CronField.parse("minute", fields[0], 0, 59);
        hours = CronField.parse("hour", fields[1], 0, 23);
        days = CronField.parse("day of month", fields[2], 1, 31);
        months = CronField.parse("month", fields[3], 1, 12);
        BitSet parsedWeekdays = CronField.parse("day of week", fields[4], 0, 7);
        if (parsedWeekdays.get(7)) {
            parsedWeekdays.set(0);
        }
        weekdays = parsedWeekdays;
        anyDay = fields[2].equals("*");
        anyWeekday = fields[4].equals("*");
    }

    /** Parses a schedule, or throws IllegalArgumentException saying what is wrong and what is expected. */
    public static Schedule parse(String text) {
        String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (trimmed) {
            case "@hourly" -> { return new Schedule(text, null, "0 * * * *".split(" ")); }
            case "@daily", "@midnight" -> { return new Schedule(text, null, "0 0 * * *".split(" ")); }
            case "@weekly" -> { return new Schedule(text, null, "0 0 * * 0".split(" ")); }
            case "@monthly" -> { return new Schedule(text, null, "0 0 1 * *".split(" ")); }
            default -> { }
        }
        if (trimmed.startsWith("@every ")) {
            return new Schedule(text, Durations.parse(trimmed.substring(7).trim()), null);
        }
        String[] fields = trimmed.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("'" + text + "' is not a schedule: use 5 cron fields"
                    + " (minute hour day-of-month month day-of-week, UTC) such as \"0 2 * * *\", or @every 6h");
        }
        return new Schedule(text, null, fields);
    }

    /** The first run strictly after {@code after}. {@code @every} schedules count from {@code anchor}. */
    public Instant next(Instant after, Instant anchor) {
        if (every != null) {
            long periods = Math.max(0, Duration.between(anchor, after).toMillis() / every.toMillis() + 1);
            Instant candidate = anchor.plus(every.multipliedBy(periods));
            return candidate.isAfter(after) ? candidate : candidate.plus(every);
        }
        ZonedDateTime time = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZonedDateTime limit = time.plusYears(5);
        while (time.isBefore(limit)) {
            if (!months.get(time.getMonthValue())) {
                time = time.plusMonths(1).withDayOfMonth(1).withHour(0).withMinute(0);
            } else if (!dayMatches(time)) {
                time = time.plusDays(1).withHour(0).withMinute(0);
            } else if (!hours.get(time.getHour())) {
                time = time.plusHours(1).withMinute(0);
            } else if (!minutes.get(time.getMinute())) {
                time = time.plusMinutes(1);
            } else {
                return time.toInstant();
            }
        }
        throw new IllegalStateException("schedule '" + text + "' never fires");
    }

    private boolean dayMatches(ZonedDateTime time) {
        boolean dayOfMonth = days.get(time.getDayOfMonth());
        boolean dayOfWeek = weekdays.get(time.getDayOfWeek().getValue() % 7);
        if (anyDay || anyWeekday) {
            return dayOfMonth && dayOfWeek;
        }
        return dayOfMonth || dayOfWeek;
    }

    @Override
    public String toString() {
        return text;
    }
}
