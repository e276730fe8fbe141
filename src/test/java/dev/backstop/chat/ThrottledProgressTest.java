package dev.backstop.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrottledProgressTest {

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void passes_on_at_most_one_update_per_interval_with_stage_bytes_and_rate() {
        HandClock clock = new HandClock();
        List<Reply> sent = new ArrayList<>();
        ThrottledProgress progress = new ThrottledProgress("Backup of *app*", clock, Duration.ofSeconds(2), sent::add);

        progress.report("dump", 0);
        clock.now = clock.now.plusMillis(500);
        progress.report("dump", 1024 * 1024);
        clock.now = clock.now.plusMillis(1600);
        progress.report("dump", 4 * 1024 * 1024);
        clock.now = clock.now.plusMillis(100);
        progress.report("dump", 5 * 1024 * 1024);

        assertEquals(2, sent.size());
        assertEquals(":hourglass_flowing_sand: Backup of *app*: dump 0 B", sent.get(0).text());
        assertEquals(":hourglass_flowing_sand: Backup of *app*: dump 4.0 MiB at 1.9 MiB/s", sent.get(1).text());
    }

    @Test
    void a_stage_that_moves_no_bytes_shows_only_its_words() {
        List<Reply> sent = new ArrayList<>();
        ThrottledProgress progress = new ThrottledProgress("Backup of *app*", new HandClock(), Duration.ofSeconds(2),
                sent::add);
        progress.report("waiting for the lock on app.db (3s of 60s)", -1);
        assertEquals(List.of(":hourglass_flowing_sand: Backup of *app*: waiting for the lock on app.db (3s of 60s)"),
                sent.stream().map(Reply::text).toList());
    }
}
