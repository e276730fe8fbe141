package dev.backstop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void ages_are_shown_exactly_not_rounded_down_to_the_limit() {
        assertEquals("1m 31s", Durations.format(Duration.ofSeconds(91)));
        assertEquals("1m", Durations.format(Duration.ofMinutes(1)));
        assertEquals("25h 3m", Durations.format(Duration.ofHours(25).plusMinutes(3)));
        assertEquals("25h 1s", Durations.format(Duration.ofHours(25).plusSeconds(1)));
        assertEquals("47h 59m 59s", Durations.format(Duration.ofHours(48).minusSeconds(1)));
        assertEquals("2d 4h 5s", Durations.format(Duration.ofHours(52).plusSeconds(5)));
        assertEquals("7d", Durations.format(Duration.ofDays(7)));
    }

    @Test
    void short_spans_keep_their_fractions_in_the_same_style() {
        assertEquals("310ms", Durations.format(Duration.ofMillis(310)));
        assertEquals("4.2s", Durations.format(Duration.ofMillis(4_290)));
        assertEquals("59s", Durations.format(Duration.ofMillis(59_050)));
        assertEquals("0s", Durations.format(Duration.ZERO));
        assertEquals("0s", Durations.format(Duration.ofSeconds(-5)));
    }

    @Test
    void every_printed_duration_parses_back_when_whole_seconds() {
        for (long seconds : new long[] {1, 59, 61, 3600, 3601, 90_000, 200_000}) {
            String shown = Durations.format(Duration.ofSeconds(seconds));
            assertEquals(Duration.ofSeconds(seconds), Durations.parse(shown.replace(" ", "")), shown);
        }
    }
}
