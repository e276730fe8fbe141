package dev.backstop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    private static Instant next(String schedule, String after) {
        return Schedule.parse(schedule).next(at(after), at("2026-01-01T00:00:00Z"));
    }

    @Test
    void daily_at_two_runs_at_the_next_two_oclock_utc() {
        assertEquals(at("2026-11-24T02:00:00Z"), next("0 2 * * *", "2026-11-23T15:28:00Z"));
        assertEquals(at("2026-11-23T02:00:00Z"), next("0 2 * * *", "2026-11-23T01:59:59Z"));
        assertEquals(at("2026-11-24T02:00:00Z"), next("0 2 * * *", "2026-11-23T02:00:00Z"));
    }

    @Test
    void steps_lists_ranges_and_weekdays_work() {
        assertEquals(at("2026-11-23T15:45:00Z"), next("*/15 * * * *", "2026-11-23T15:31:00Z"));
        assertEquals(at("2026-11-23T18:00:00Z"), next("0 6,18 * * *", "2026-11-23T15:00:00Z"));
        assertEquals(at("2026-11-28T03:00:00Z"), next("0 3 * * 6", "2026-11-23T15:00:00Z"), "next Saturday");
        assertEquals(at("2026-11-29T03:00:00Z"), next("0 3 * * 7", "2026-11-23T15:00:00Z"), "7 is Sunday too");
        assertEquals(at("2026-12-01T04:00:00Z"), next("0 4 1 * *", "2026-11-23T15:00:00Z"));
        assertEquals(at("2026-11-24T09:00:00Z"), next("0 9 * * 1-5", "2026-11-23T15:00:00Z"));
    }

    @Test
    void every_counts_from_its_anchor() {
        assertEquals(at("2026-01-01T06:00:00Z"), next("@every 6h", "2026-01-01T00:00:00Z"));
        assertEquals(at("2026-01-01T12:00:00Z"), next("@every 6h", "2026-01-01T07:30:00Z"));
        assertEquals(at("2026-01-02T00:00:00Z"), next("@daily", "2026-01-01T07:30:00Z"));
    }

    @Test
    void bad_expressions_say_what_is_expected() {
        IllegalArgumentException fields = assertThrows(IllegalArgumentException.class, () -> Schedule.parse("0 2 * *"));
        assertTrue(fields.getMessage().contains("5 cron fields"), fields.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> Schedule.parse("0 25 * * *"));
        assertEquals("hour 25 is out of range 0-23", range.getMessage());
        IllegalArgumentException word = assertThrows(IllegalArgumentException.class, () -> Schedule.parse("0 x * * *"));
        assertEquals("hour 'x' is not a number, range, list or step", word.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Schedule.parse("@every soon"));
        assertThrows(IllegalArgumentException.class, () -> Schedule.parse("0 5-2 * * *"));
    }
}
