package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.backstop.FakeEngine;
import dev.backstop.TestWorld;
import dev.backstop.catalog.Catalog;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.DatabaseEngine;
import dev.backstop.core.Progress;
import dev.backstop.core.SourceSnapshot;
import dev.backstop.schedule.MutableClock;
import dev.backstop.schedule.Pruner;
import dev.backstop.store.LocalObjectStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running backup keeps its heartbeat fresh, so another process sweeping the catalog leaves it alone. */
class BackupHeartbeatTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T02:00:00Z"));
    private final ManualTicker ticker = new ManualTicker();
    private List<Duration> heartbeatsDuringDump = List.of();
    private List<BackupRecord> sweptMeanwhile = List.of();

    /**
     * An engine whose dump takes {@code minutes} of the test clock, one block a minute; each minute the
     * heartbeat timer fires unless it is {@code frozen}. Then another process sweeps the catalog, and
     * the dump ends, or fails with {@code failure} when that is not empty.
     */
    private final class SlowEngine extends FakeEngine {
        private final int minutes;
        private final boolean frozen;
        private final Catalog otherProcess;
        private final String failure;

        SlowEngine(int minutes, boolean frozen, Catalog otherProcess, String failure) {
            this.minutes = minutes;
            this.frozen = frozen;
            this.otherProcess = otherProcess;
            this.failure = failure;
        }

        @Override
        public SourceSnapshot dump(OutputStream out) throws IOException {
            heartbeatsDuringDump = ticker.openIntervals();
            for (int minute = 0; minute < minutes; minute++) {
                clock.advance(Duration.ofMinutes(1));
                if (!frozen) {
                    ticker.tick();
                }
                out.write(new byte[1 << 16]);
            }
            sweptMeanwhile = otherProcess.failAbandoned(clock.instant());
            if (!failure.isEmpty()) {
                throw new IOException(failure);
            }
            return new SourceSnapshot(Map.of(), Map.of());
        }
    }

    private BackupService service(Catalog catalog, DatabaseEngine engine) throws IOException {
        TestWorld world = new TestWorld(dir);
        LocalObjectStore store = new LocalObjectStore(dir.resolve("backups"));
        return new BackupService(world.config, database -> engine, store, new ObjectLayout(""), catalog,
                new JobLocks(catalog, clock), new Pruner(store, catalog, database -> Set.of(), database -> engine, clock), ticker, clock);
    }

    @Test
    void a_backup_running_three_times_the_limit_is_left_alone_by_another_process() throws Exception {
        Path file = dir.resolve("catalog.db");
        try (Catalog catalog = Catalog.open(file); Catalog otherProcess = Catalog.open(file)) {
            int minutes = (int) Catalog.ABANDONED_AFTER.multipliedBy(3).toMinutes();
            BackupService service = service(catalog, new SlowEngine(minutes, false, otherProcess, ""));

            BackupRecord backup = service.backup("app", "tester", Progress.NONE);

            assertEquals(List.of(), sweptMeanwhile);
            assertEquals(BackupStatus.SUCCEEDED, otherProcess.find("app", backup.id()).orElseThrow().status());
            assertEquals(List.of(), ticker.openIntervals(), "the heartbeat stops with the backup");
        }
    }

    @Test
    void the_heartbeat_beats_at_the_catalog_interval_and_stops_when_a_backup_fails() throws Exception {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            BackupService service = service(catalog, new SlowEngine(1, false, catalog, "source went away"));

            assertThrows(BackstopException.class, () -> service.backup("app", "tester", Progress.NONE));

            assertEquals(List.of(Duration.ofSeconds(30), Catalog.HEARTBEAT_INTERVAL), heartbeatsDuringDump,
                    "the stall check and the heartbeat");
            assertEquals(List.of(), ticker.openIntervals());
        }
    }

    @Test
    void a_backup_whose_heartbeat_stopped_is_failed_by_another_process_yet_its_own_outcome_still_lands()
            throws Exception {
        Path file = dir.resolve("catalog.db");
        try (Catalog catalog = Catalog.open(file); Catalog otherProcess = Catalog.open(file)) {
            int minutes = (int) Catalog.ABANDONED_AFTER.toMinutes() + 1;
            BackupService service = service(catalog, new SlowEngine(minutes, true, otherProcess, ""));

            BackupRecord backup = service.backup("app", "tester", Progress.NONE);

            assertEquals(List.of(backup.id()), sweptMeanwhile.stream().map(BackupRecord::id).toList());
            assertEquals(BackupStatus.SUCCEEDED, catalog.find("app", backup.id()).orElseThrow().status());
            assertEquals(List.of("backstop failed", "tester succeeded"), catalog.auditLog(2).stream()
                    .map(entry -> entry.actor() + " " + entry.outcome()).toList());
        }
    }
}
