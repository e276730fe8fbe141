package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backstop.catalog.Catalog;
import dev.backstop.schedule.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupsInUseTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

    @Test
    void a_held_backup_is_in_use_until_released_and_only_for_its_database() throws Exception {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            BackupsInUse inUse = new BackupsInUse(catalog, clock);
            try (AutoCloseable held = inUse.hold("app", "B1")) {
                assertEquals(Set.of("B1"), inUse.ids("app"));
                assertEquals(Set.of(), inUse.ids("ap"));
                assertEquals(Set.of(), inUse.ids("other"));
            }
            assertEquals(Set.of(), inUse.ids("app"));
        }
    }

    @Test
    void a_hold_is_seen_by_another_process_and_ends_with_its_lease_when_its_holder_stops_renewing() throws Exception {
        try (Catalog first = Catalog.open(dir.resolve("catalog.db"));
             Catalog second = Catalog.open(dir.resolve("catalog.db"))) {
            BackupsInUse drilling = new BackupsInUse(first, clock, Duration.ofMinutes(2));
            BackupsInUse elsewhere = new BackupsInUse(second, clock);
            AutoCloseable one = drilling.hold("app", "B1");
            try (AutoCloseable two = elsewhere.hold("app", "B1")) {
                one.close();
                assertEquals(Set.of("B1"), drilling.ids("app"), "the other process still holds it");
            }
            assertEquals(Set.of(), elsewhere.ids("app"));
            drilling.hold("app", "B2");
            assertEquals(Set.of("B2"), elsewhere.ids("app"));
            clock.advance(Duration.ofMinutes(3));
            assertEquals(Set.of(), elsewhere.ids("app"), "a hold not renewed for longer than its lease is over");
        }
    }
}
