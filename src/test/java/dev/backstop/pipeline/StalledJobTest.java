package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.FakeEngine;
import dev.backstop.TestWorld;
import dev.backstop.catalog.Catalog;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.SchedulerSettings;
import dev.backstop.core.Alert;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.DatabaseEngine;
import dev.backstop.core.ObjectInfo;
import dev.backstop.core.ObjectKey;
import dev.backstop.core.ObjectStore;
import dev.backstop.core.Progress;
import dev.backstop.core.SourceSnapshot;
import dev.backstop.core.Upload;
import dev.backstop.schedule.AlertMonitor;
import dev.backstop.schedule.MutableClock;
import dev.backstop.schedule.Pruner;
import dev.backstop.store.LocalObjectStore;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job that moves no bytes for the stall timeout is cancelled, failed with the reason and alerted. */
class StalledJobTest {

    private static final Duration STALL = Duration.ofMinutes(1);
    private static final Duration BOUND = Duration.ofSeconds(8);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T02:00:00Z"));
    private final ManualTicker ticker = new ManualTicker();
    private final CountDownLatch stuck = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    /**
     * Writes one block, then stops producing bytes until interrupted; with {@code wholeDumps} it dumps
     * at once and stops while restoring instead, after reading a little.
     */
    private final class StoppingEngine extends FakeEngine implements dev.backstop.core.DrillSupport {
        private final boolean wholeDumps;

        StoppingEngine(boolean wholeDumps) {
            this.wholeDumps = wholeDumps;
        }

        @Override
        public SourceSnapshot dump(OutputStream out) throws IOException {
            out.write(new byte[1 << 16]);
            if (!wholeDumps) {
                stuck.countDown();
                waitForever(false);
            }
            return new SourceSnapshot(Map.of(), Map.of());
        }

        @Override
        public String scratchTarget(String label) {
            return "scratch-" + label;
        }

        @Override
        public String scratchTarget(String label, String place) {
            return place + "/scratch-" + label;
        }

        @Override
        public void dropScratch(String target) {
            // Nothing was made: the restore never finished.
        }

        @Override
        public List<String> integrityProblems(String target) {
            throw new UnsupportedOperationException("the restore never finishes, so nothing is checked");
        }

        @Override
        public java.util.Optional<String> firstValue(String target, String query) {
            throw new UnsupportedOperationException("the restore never finishes, so nothing is queried");
        }

        @Override
        public void restore(InputStream dump, String target) throws IOException {
            dump.readNBytes(1000);
            stuck.countDown();
            waitForever(false);
        }

    }

    /** Waits for {@link #released}; one that ignores interrupts keeps the flag set, like a call stuck on a socket. */
    private void waitForever(boolean ignoreInterrupts) throws InterruptedIOException {
        boolean interrupted = false;
        while (true) {
            try {
                released.await();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return;
            } catch (InterruptedException cancelled) {
                if (!ignoreInterrupts) {
                    throw new InterruptedIOException("the source stopped answering");
                }
                interrupted = true;
            }
        }
    }

    /** A local store whose uploads stop on their first write and ignore interrupts until released. */
    private final class DeafStore implements ObjectStore {
        private final LocalObjectStore local;

        DeafStore(LocalObjectStore local) {
            this.local = local;
        }

        @Override
        public Upload create(ObjectKey key) throws IOException {
            Upload upload = local.create(key);
            OutputStream deaf = new FilterOutputStream(upload.stream()) {
                private boolean first = true;

                @Override
                public void write(byte[] data, int offset, int length) throws IOException {
                    if (first) {
                        first = false;
                        stuck.countDown();
                        waitForever(true);
                    }
                    out.write(data, offset, length);
                }
            };
            return new Upload() {
                @Override
                public OutputStream stream() {
                    return deaf;
                }

                @Override
                public void commit() throws IOException {
                    upload.commit();
                }

                @Override
                public void abort() {
                    upload.abort();
                }
            };
        }

        @Override
        public InputStream open(ObjectKey key) throws IOException {
            return local.open(key);
        }

        @Override
        public Optional<ObjectInfo> head(ObjectKey key) throws IOException {
            return local.head(key);
        }

        @Override
        public List<ObjectInfo> list(String prefix) throws IOException {
            return local.list(prefix);
        }

        @Override
        public void delete(ObjectKey key) throws IOException {
            local.delete(key);
        }

        @Override
        public String describe() {
            return local.describe();
        }
    }

    /** Writes a block every 40 s of the test clock for 5 minutes: slow, but never silent for the stall timeout. */
    private final class SlowEngine extends FakeEngine {
        @Override
        public SourceSnapshot dump(OutputStream out) throws IOException {
            for (int step = 0; step < 8; step++) {
                clock.advance(Duration.ofSeconds(40));
                ticker.tick();
                out.write(new byte[1 << 12]);
            }
            return new SourceSnapshot(Map.of(), Map.of());
        }
    }

    private BackstopConfig config(TestWorld world) {
        BackstopConfig base = world.config;
        return new BackstopConfig(base.file(), base.catalog(), base.storage(), base.encryption(), base.slack(),
                base.httpPort(), base.databases(), base.alerts(), new SchedulerSettings(2, STALL));
    }

    private final class Services {
        final BackstopConfig config;
        final Catalog catalog;
        final ObjectStore store;
        final RunningJobs jobs;
        final BackupService backups;
        final RestoreService restores;

        Services(DatabaseEngine engine) throws IOException {
            this(engine, false);
        }

        /** With {@code deafUploads}, uploads stop on their first write and ignore their cancel. */
        Services(DatabaseEngine engine, boolean deafUploads) throws IOException {
            TestWorld world = new TestWorld(dir);
            config = config(world);
            catalog = Catalog.open(config.catalog());
            LocalObjectStore local = new LocalObjectStore(dir.resolve("backups"));
            store = deafUploads ? new DeafStore(local) : local;
            jobs = new RunningJobs(STALL, ticker, clock);
            backups = new BackupService(config, database -> engine, store, new ObjectLayout(""), catalog,
                    new JobLocks(catalog, clock), new Pruner(store, catalog, database -> Set.of(), database -> engine, clock), ticker,
                    jobs, clock);
            restores = new RestoreService(config, database -> engine, store, catalog, new JobLocks(catalog, clock),
                    dir.resolve("work"), jobs, clock);
        }

        Thread worker;

        /** Starts a backup on its own thread, as the scheduler's pool would. */
        CompletableFuture<BackupRecord> startBackup() {
            CompletableFuture<BackupRecord> outcome = new CompletableFuture<>();
            worker = new Thread(() -> {
                try {
                    outcome.complete(backups.backup("app", "scheduler", Progress.NONE));
                } catch (RuntimeException failed) {
                    outcome.completeExceptionally(failed);
                }
            }, "test-backup");
            worker.start();
            return outcome;
        }

        /**
         * Waits until the backup's own thread waits for the next chunk of the stopped dump, after which no
         * byte moves; the backup's first bytes (the age header) are written just before.
         */
        void awaitUploadSideWaiting() {
            while (!waitingInPipe(worker)) {
                Thread.onSpinWait();
            }
        }
    }

    private static boolean waitingInPipe(Thread thread) {
        Thread.State state = thread.getState();
        return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                && java.util.Arrays.stream(thread.getStackTrace())
                        .anyMatch(frame -> frame.getClassName().startsWith(StreamPipe.class.getName()));
    }

    private static String failureOf(CompletableFuture<?> job) {
        ExecutionException failed = assertThrows(ExecutionException.class, job::get);
        assertEquals(BackstopException.class, failed.getCause().getClass());
        return failed.getCause().getMessage();
    }

    @Test
    void a_backup_whose_engine_stops_producing_bytes_is_cancelled_failed_and_alerted() throws Exception {
        Services services = new Services(new StoppingEngine(false));
        try (Catalog catalog = services.catalog) {
            assertTimeoutPreemptively(BOUND, () -> {
                CompletableFuture<BackupRecord> backup = services.startBackup();
                stuck.await();
                services.awaitUploadSideWaiting();
                clock.advance(Duration.ofSeconds(50));
                ticker.tick();
                assertEquals(List.of(), services.jobs.stalled(), "50 s of silence is under the stall timeout");
                clock.advance(Duration.ofSeconds(10));
                assertEquals(List.of("backup of app"), services.jobs.stalled().stream().map(JobWatch::describe).toList());
                ticker.tick();

                String message = failureOf(backup);
                assertTrue(message.startsWith("backup of app failed: no progress for 1m ("), message);
            });
            BackupRecord recorded = catalog.list("app", 1).get(0);
            assertEquals(BackupStatus.FAILED, recorded.status());
            assertTrue(recorded.error().startsWith("no progress for 1m ("), recorded.error());
            assertTrue(recorded.error().contains("Backstop cancelled the backup"), recorded.error());
            assertEquals(List.of(), services.jobs.stalled(), "a cancelled job is no longer running");
            assertEquals(List.of(), ticker.openIntervals(), "the watch and the heartbeat stop with the backup");

            List<Alert> alerted = new ArrayList<>();
            new AlertMonitor(services.config, catalog, services.store, new ObjectLayout("")::probeKey,
                    List.of(alerted::add), clock).check();
            Alert failedAlert = alerted.stream().filter(alert -> alert.event().equals("backup.failed")).findFirst()
                    .orElseThrow();
            assertTrue(failedAlert.message().contains("no progress for 1m"), failedAlert.message());
        }
    }

    @Test
    void a_stalled_backup_that_ignores_its_cancel_stops_its_heartbeat_so_the_sweep_fails_it() throws Exception {
        Services services = new Services(new StoppingEngine(true), true);
        try (Catalog catalog = services.catalog; Catalog otherProcess = Catalog.open(services.config.catalog())) {
            assertTimeoutPreemptively(BOUND, () -> {
                CompletableFuture<BackupRecord> backup = services.startBackup();
                stuck.await();
                long minutes = STALL.plus(Catalog.ABANDONED_AFTER).toMinutes() + 1;
                for (int minute = 0; minute < minutes; minute++) {
                    clock.advance(Duration.ofMinutes(1));
                    ticker.tick();
                }
                assertEquals(List.of("backup of app"), services.jobs.stalled().stream().map(JobWatch::describe).toList());
                List<BackupRecord> swept = otherProcess.failAbandoned(clock.instant());
                assertEquals(1, swept.size(), "the heartbeat stopped when the backup stalled");

                released.countDown();
                assertTrue(failureOf(backup).contains("no progress for 1m"));
            });
        }
    }

    @Test
    void a_slow_backup_that_keeps_moving_bytes_is_left_to_finish() throws Exception {
        Services services = new Services(new SlowEngine());
        try (Catalog catalog = services.catalog) {
            BackupRecord backup = assertTimeoutPreemptively(BOUND,
                    () -> services.backups.backup("app", "tester", Progress.NONE));
            assertEquals(BackupStatus.SUCCEEDED, catalog.find("app", backup.id()).orElseThrow().status());
        }
    }

    @Test
    void a_restore_whose_engine_stops_reading_is_cancelled_and_fails_with_the_reason() throws Exception {
        Services services = new Services(new StoppingEngine(true));
        try (Catalog catalog = services.catalog) {
            BackupRecord backup = services.backups.backup("app", "tester", Progress.NONE);
            assertTimeoutPreemptively(BOUND, () -> {
                CompletableFuture<Void> restore = new CompletableFuture<>();
                Thread worker = new Thread(() -> {
                    try {
                        services.restores.restoreScratch(backup, "scratch", Progress.NONE);
                        restore.complete(null);
                    } catch (RuntimeException failed) {
                        restore.completeExceptionally(failed);
                    }
                }, "test-restore");
                worker.start();
                stuck.await();
                clock.advance(STALL);
                ticker.tick();
                String message = failureOf(restore);
                assertTrue(message.startsWith("restore of " + backup.id() + " failed: no progress for 1m ("), message);
                assertTrue(message.contains("Backstop cancelled the restore"), message);
            });
        }
    }

    @Test
    void a_drill_whose_restore_stalls_is_recorded_failed_and_alerted() throws Exception {
        StoppingEngine engine = new StoppingEngine(true);
        Services services = new Services(engine);
        try (Catalog catalog = services.catalog) {
            services.backups.backup("app", "tester", Progress.NONE);
            DrillService drills = new DrillService(services.config, database -> engine, services.restores,
                    services.store, new ObjectLayout(""), catalog, new BackupsInUse(catalog, clock), clock);
            DrillService.DrillReport report = assertTimeoutPreemptively(BOUND, () -> {
                CompletableFuture<DrillService.DrillReport> drill = new CompletableFuture<>();
                Thread worker = new Thread(() -> drill.complete(drills.drill("app", "latest", "scheduler",
                        Progress.NONE)), "test-drill");
                worker.start();
                stuck.await();
                clock.advance(STALL);
                ticker.tick();
                return drill.get();
            });
            assertEquals(false, report.passed());
            String restoreCheck = report.checks().stream().filter(check -> check.name().equals("restore"))
                    .findFirst().orElseThrow().detail();
            assertTrue(restoreCheck.contains("no progress for 1m ("), restoreCheck);
            assertEquals(false, catalog.lastDrill("app", false).orElseThrow().passed());

            List<Alert> alerted = new ArrayList<>();
            new AlertMonitor(services.config, catalog, services.store, new ObjectLayout("")::probeKey,
                    List.of(alerted::add), clock).check();
            assertTrue(alerted.stream().anyMatch(alert -> alert.event().equals("drill.failed")), alerted.toString());
        }
    }
}
