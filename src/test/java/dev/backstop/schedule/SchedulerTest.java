package dev.backstop.schedule;

import dev.backstop.engine.SqliteSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backstop.TestWorld;
import dev.backstop.catalog.Catalog;
import dev.backstop.config.AlertsConfig;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.DrillConfig;
import dev.backstop.core.Alert;
import dev.backstop.core.BackupId;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.DrillRecord;
import dev.backstop.core.ObjectKey;
import dev.backstop.pipeline.ObjectLayout;
import dev.backstop.store.LocalObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduled jobs run when due, once after downtime, never twice for one slot. */
class SchedulerTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T01:30:00Z"));
    private final List<String> runs = new ArrayList<>();
    private final List<Alert> alerted = new ArrayList<>();
    private Catalog catalog;

    @AfterEach
    void close() {
        catalog.close();
    }

    private Scheduler scheduler(String backupSchedule, String drillSchedule) throws Exception {
        TestWorld world = new TestWorld(dir);
        DatabaseConfig app = new DatabaseConfig("app", new SqliteSettings(world.database), false, backupSchedule,
                Duration.ofHours(25), world.config.database("app").orElseThrow().retention(),
                DatabaseConfig.KEEP_PRE_RESTORE,
                Optional.of(new DrillConfig(drillSchedule, Duration.ofMinutes(30), List.of(), List.of(), "")), "");
        BackstopConfig config = new BackstopConfig(world.config.file(), world.config.catalog(), world.config.storage(),
                world.config.encryption(), world.config.slack(), 3000, Map.of("app", app), AlertsConfig.DEFAULTS);
        if (catalog == null) {
            catalog = Catalog.open(config.catalog());
        }
        AlertMonitor alerts = new AlertMonitor(config, catalog, new LocalObjectStore(dir.resolve("backups")),
                new ObjectLayout("")::probeKey, List.of(alerted::add), clock);
        return new Scheduler(config, catalog, database -> {
            runs.add("backup " + database + " at " + clock.instant());
            BackupRecord started = BackupRecord.started(BackupId.next(clock), database, "sqlite", new ObjectKey("a/b"),
                    new ObjectKey("a/c"), "scheduler");
            catalog.insert(started);
            catalog.update(started.succeeded(clock.instant(), 1, "s", 1, "r"));
        }, database -> {
            runs.add("drill " + database + " at " + clock.instant());
            catalog.insertDrill(new DrillRecord(BackupId.next(clock).value(), database, "b", clock.instant(), 1, 1, true,
                    "[]", "k", "scheduler"));
        }, () -> runs.add("sweep at " + clock.instant()), alerts, clock);
    }

    @Test
    void a_daily_backup_runs_at_its_time_and_only_once() throws Exception {
        Scheduler scheduler = scheduler("0 2 * * *", "");
        assertEquals(List.of(), scheduler.tick(), "nothing is due before 02:00 on a fresh install");
        clock.advance(Duration.ofMinutes(30));
        assertEquals(List.of("backup app"), scheduler.tick());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(List.of(), scheduler.tick());
        clock.advance(Duration.ofHours(24));
        assertEquals(List.of("backup app"), scheduler.tick());
    }

    @Test
    void a_run_missed_while_down_runs_once_at_start_up() throws Exception {
        scheduler("0 2 * * *", "");
        BackupRecord old = BackupRecord.started(BackupId.next(clock), "app", "sqlite", new ObjectKey("a/b"),
                new ObjectKey("a/c"), "scheduler");
        catalog.insert(old);
        catalog.update(old.succeeded(clock.instant(), 1, "s", 1, "r"));
        clock.advance(Duration.ofDays(3));
        Scheduler restarted = scheduler("0 2 * * *", "");
        assertEquals(List.of("backup app"), restarted.tick(), "three missed slots give one catch-up run");
        assertEquals(List.of(), restarted.tick());
    }

    @Test
    void every_pass_sweeps_before_it_runs_the_jobs() throws Exception {
        Scheduler scheduler = scheduler("@every 6h", "");
        scheduler.tick();
        clock.advance(Duration.ofHours(6));
        scheduler.tick();
        assertEquals(List.of("sweep at 2026-11-23T01:30:00Z", "sweep at 2026-11-23T07:30:00Z",
                "backup app at 2026-11-23T07:30:00Z"), runs);
    }

    @Test
    void every_schedules_and_drills_run_when_due() throws Exception {
        Scheduler scheduler = scheduler("@every 6h", "@every 1d");
        clock.advance(Duration.ofHours(6));
        assertEquals(List.of("backup app"), scheduler.tick());
        clock.advance(Duration.ofHours(18));
        assertEquals(List.of("backup app", "drill app"), scheduler.tick());
        assertEquals(2, runs.stream().filter(run -> run.startsWith("backup")).count());
    }

    @Test
    void a_backup_left_running_by_a_dead_process_is_failed_and_alerted_at_the_next_pass() throws Exception {
        Scheduler scheduler = scheduler("", "");
        BackupRecord ghost = BackupRecord.started(BackupId.next(clock), "app", "sqlite", new ObjectKey("a/b"),
                new ObjectKey("a/c"), "cron");
        catalog.insert(ghost);
        scheduler.tick();
        assertEquals(BackupStatus.RUNNING, catalog.find("app", ghost.id()).orElseThrow().status(),
                "a backup with a fresh heartbeat may be alive in another process");

        clock.advance(Catalog.ABANDONED_AFTER.plusMinutes(1));
        scheduler.tick();

        assertEquals(BackupStatus.FAILED, catalog.find("app", ghost.id()).orElseThrow().status());
        List<String> failures = alerted.stream().filter(alert -> alert.event().equals("backup.failed"))
                .map(Alert::message).toList();
        assertEquals(List.of("backup of app failed: interrupted: no heartbeat since 2026-11-23T01:30:00Z; the process"
                + " running it stopped (" + ghost.id() + ")"), failures);
    }
}
