package dev.backstop.slack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.catalog.Catalog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeenSignaturesTest {

    @TempDir
    Path dir;

    private final FastForwardClock clock = new FastForwardClock();
    private Catalog catalog;
    private SeenSignatures seen;

    @BeforeEach
    void open() {
        catalog = Catalog.open(dir.resolve("catalog.db"));
        seen = new SeenSignatures(catalog, clock);
    }

    @AfterEach
    void close() {
        catalog.close();
    }

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
        Instant stamped = now();
        for (int index = 0; index < 100; index++) {
            assertTrue(seen.firstTime("v0=" + index, stamped));
        }

        clock.fastForward(RequestSignatures.WINDOW.plusSeconds(2));

        assertTrue(seen.firstTime("v0=new", now()));
        assertTrue(seen.firstTime("v0=7", stamped), "forgotten: the timestamp check refuses it by now anyway");
    }
}
