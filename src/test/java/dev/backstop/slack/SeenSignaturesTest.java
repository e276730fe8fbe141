package dev.backstop.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeenSignaturesTest {

    private final FastForwardClock clock = new FastForwardClock();
    private final SeenSignatures seen = new SeenSignatures(clock);

    private Instant now() {
        return Instant.ofEpochSecond(clock.instant().getEpochSecond());
    }

    @Test
    void a_signature_is_accepted_once_while_its_timestamp_is_in_the_window() {
        Instant stamped = now();

        assertTrue(seen.firstTime("v0=aa", stamped));
        assertFalse(seen.firstTime("v0=aa", stamped));
        clock.fastForward(Duration.ofMinutes(4));
        assertFalse(seen.firstTime("v0=aa", stamped), "still inside the window");
        assertTrue(seen.firstTime("v0=bb", stamped), "another signature");
    }

    @Test
    void a_signature_stamped_ahead_of_the_clock_is_held_until_five_minutes_after_its_timestamp() {
        Instant ahead = now().plus(Duration.ofMinutes(5));
        assertTrue(seen.firstTime("v0=ahead", ahead));

        clock.fastForward(Duration.ofMinutes(9));

        assertFalse(seen.firstTime("v0=ahead", ahead), "its timestamp is still acceptable, so it stays refused");
    }

    @Test
    void signatures_are_forgotten_once_their_timestamps_leave_the_window() {
        for (int index = 0; index < 1000; index++) {
            assertTrue(seen.firstTime("v0=" + index, now()));
        }
        assertEquals(1000, seen.size());

        clock.fastForward(RequestSignatures.WINDOW.plusSeconds(2));

        assertEquals(0, seen.size());
    }

    @Test
    void when_the_limit_is_reached_new_requests_are_refused_until_old_ones_expire() {
        Instant stamped = now();
        for (int index = 0; index < SeenSignatures.LIMIT; index++) {
            seen.firstTime("v0=" + index, stamped);
        }

        assertFalse(seen.firstTime("v0=one-more", stamped));
        clock.fastForward(RequestSignatures.WINDOW.plusSeconds(2));
        assertTrue(seen.firstTime("v0=one-more", now()));
        assertEquals(1, seen.size());
    }
}
