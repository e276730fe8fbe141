package dev.backstop.schedule;

import dev.backstop.engine.SqliteSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.catalog.Catalog;
import dev.backstop.config.AlertsConfig;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.core.Alert;
import dev.backstop.core.BackupId;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.ObjectKey;
import dev.backstop.pipeline.ObjectLayout;
import dev.backstop.store.LocalObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alerts and sweeps run on their own timer; scheduled jobs run on a bounded pool and never hold them up. */
class SchedulerLoopTest {

    private static final Duration BOUND = Duration.ofSeconds(8);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T01:30:00Z"));
    private final CountDownLatch backupStarted = new CountDownLatch(1);
    private final CountDownLatch backupReleased = new CountDownLatch(1);
    private final CountDownLatch backupEnded = new CountDownLatch(1);
    private final BlockingQueue<Alert> alerted = new LinkedBlockingQueue<>();

    private DatabaseConfig database(TestWorld world, String name, String schedule) {
        DatabaseConfig app = world.config.database("app").orElseThrow();
        return new DatabaseConfig(name, new SqliteSettings(world.database), false, schedule, Duration.ofHours(25),
                app.retention(), DatabaseConfig.KEEP_PRE_RESTORE, Optional.empty(), "");
    }

    /** A scheduler of app (backed up every 6 h, by a backup that blocks until released) and shop (never). */
    private Scheduler scheduler(Catalog catalog, TestWorld world) {
        BackstopConfig config = new BackstopConfig(world.config.file(), world.config.catalog(), world.config.storage(),
                world.config.encryption(), world.config.slack(), 3000,
                Map.of("app", database(world, "app", "@every 6h"), "shop", database(world, "shop", "")),
                AlertsConfig.DEFAULTS);
        AlertMonitor alerts = new AlertMonitor(config, catalog, new LocalObjectStore(dir.resolve("backups")),
                new ObjectLayout("")::probeKey, List.of(alerted::add), clock);
        Scheduler scheduler = new Scheduler(config, catalog, name -> {
            backupStarted.countDown();
            backupReleased.await();
            backupEnded.countDown();
        }, name -> { }, () -> { }, alerts, clock);
        clock.advance(Duration.ofHours(6));
        return scheduler;
    }

    private static void recordFailedBackup(Catalog catalog, String database, Instant at) {
        BackupRecord started = BackupRecord.started(BackupId.next(java.time.Clock.fixed(at, java.time.ZoneOffset.UTC)),
                database, "sqlite", new ObjectKey(database + "/x"), new ObjectKey(database + "/y"), "cron");
        catalog.insert(started);
        catalog.update(started.failed(at, "the disk is full"));
    }

    @Test
    void a_backup_that_blocks_does_not_stop_the_alert_pass() throws Exception {
        TestWorld world = new TestWorld(dir);
        try (Catalog catalog = Catalog.open(world.config.catalog())) {
            Scheduler scheduler = scheduler(catalog, world);
            assertTimeoutPreemptively(BOUND, () -> {
                try (SchedulerLoop loop = SchedulerLoop.start(scheduler, 2, Duration.ofMillis(20), failed -> { })) {
                    backupStarted.await();
                    alerted.clear();
                    recordFailedBackup(catalog, "shop", clock.instant());
                    Alert alert;
                    do {
                        alert = alerted.poll(5, TimeUnit.SECONDS);
                    } while (alert != null && !alert.event().equals("backup.failed"));
                    assertTrue(alert != null, "an alert pass ran while the backup of app was blocked");
                    assertEquals("shop", alert.database());
                    assertEquals(1, backupEnded.getCount(), "the backup of app is still blocked");
                    assertEquals(Optional.empty(), loop.staleness());
                    backupReleased.countDown();
                }
            });
        }
    }

    @Test
    void a_database_whose_job_still_runs_gets_no_second_one() throws Exception {
        TestWorld world = new TestWorld(dir);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Catalog catalog = Catalog.open(world.config.catalog())) {
            Scheduler scheduler = scheduler(catalog, world);
            assertTimeoutPreemptively(BOUND, () -> {
                assertEquals(List.of("backup app"), scheduler.dispatch(pool));
                backupStarted.await();
                assertEquals(List.of(), scheduler.dispatch(pool), "app's backup is still running");
                backupReleased.countDown();
                pool.shutdown();
                assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
                assertEquals(List.of("backup app"), scheduler.dispatch(Runnable::run), "once it ended, it is due again");
            });
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void the_scheduler_looks_stuck_when_its_last_pass_is_older_than_two_periods() throws Exception {
        TestWorld world = new TestWorld(dir);
        try (Catalog catalog = Catalog.open(world.config.catalog())) {
            Scheduler scheduler = scheduler(catalog, world);
            Duration period = Duration.ofSeconds(30);
            scheduler.monitor();
            clock.advance(period.multipliedBy(2));
            assertEquals(Optional.empty(), scheduler.staleness(period));
            clock.advance(Duration.ofSeconds(15));
            assertEquals(Optional.of("no scheduler pass for 1m 15s (it runs every 30s)"), scheduler.staleness(period));
            scheduler.monitor();
            assertEquals(Optional.empty(), scheduler.staleness(period));
        }
    }
}
