package dev.backstop.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backstop.catalog.Catalog;
import dev.backstop.config.SchedulerSettings;
import dev.backstop.core.Alert;
import dev.backstop.core.BackupId;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor pass: abandoned backups failed and alerted, sweeps before alerts, and when it looks stuck. */
class MonitorPassTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T01:30:00Z"));

    @Test
    void a_backup_left_running_by_a_dead_process_is_failed_and_alerted_at_the_next_pass() throws Exception {
        SchedulerWorld world = new SchedulerWorld(dir, clock, SchedulerSettings.DEFAULTS, Map.of("app", List.of("", "")));
        try (Catalog catalog = Catalog.open(world.config.catalog())) {
            MonitorPass pass = world.monitor(catalog, world.config, () -> { });
            BackupRecord ghost = BackupRecord.started(BackupId.next(clock), "app", "sqlite", new ObjectKey("a/b"),
                    new ObjectKey("a/c"), "cron");
            catalog.insert(ghost);
            pass.run();
            assertEquals(BackupStatus.RUNNING, catalog.find("app", ghost.id()).orElseThrow().status(),
                    "a backup with a fresh heartbeat may be alive in another process");

            clock.advance(Catalog.ABANDONED_AFTER.plusMinutes(1));
            pass.run();

            assertEquals(BackupStatus.FAILED, catalog.find("app", ghost.id()).orElseThrow().status());
            List<String> failures = world.alerted.stream().filter(alert -> alert.event().equals("backup.failed"))
                    .map(Alert::message).toList();
            assertEquals(List.of("backup of app failed: interrupted: no heartbeat since 2026-11-23T01:30:00Z; the process"
                    + " running it stopped (" + ghost.id() + ")"), failures);
        }
    }

    @Test
    void each_pass_reports_how_long_it_took_from_its_start_to_its_end() throws Exception {
        SchedulerWorld world = new SchedulerWorld(dir, clock, SchedulerSettings.DEFAULTS, Map.of("app", List.of("", "")));
        List<Duration> took = new ArrayList<>();
        try (Catalog catalog = Catalog.open(world.config.catalog())) {
            AlertMonitor alerts = new AlertMonitor(world.config, catalog,
                    new LocalObjectStore(dir.resolve("backups")),
                    new ObjectLayout("")::probeKey, List.of(world.alerted::add), clock);
            MonitorPass pass = new MonitorPass(catalog, () -> clock.advance(Duration.ofMillis(750)), alerts, clock,
                    Catalog.ABANDONED_AFTER, took::add);
            pass.run();
            clock.advance(Duration.ofSeconds(30));
            pass.run();
            assertEquals(List.of(Duration.ofMillis(750), Duration.ofMillis(750)), took,
                    "the sweep's time is inside the pass, the wait between passes is not");
        }
    }

    @Test
    void a_backup_whose_process_was_killed_is_failed_once_silent_for_the_stall_timeout_and_a_beating_one_is_left()
            throws Exception {
        SchedulerSettings settings = new SchedulerSettings(2, Duration.ofSeconds(30));
        SchedulerWorld world = new SchedulerWorld(dir, clock, settings, Map.of("app", List.of("", "")));
        try (Catalog catalog = Catalog.open(world.config.catalog())) {
            MonitorPass pass = world.monitor(catalog, world.config, () -> { });
            BackupRecord killed = BackupRecord.started(BackupId.next(clock), "app", "sqlite", new ObjectKey("a/b"),
                    new ObjectKey("a/c"), "cli:alice");
            catalog.insert(killed);
            clock.advance(Duration.ofSeconds(1));
            BackupRecord live = BackupRecord.started(BackupId.next(clock), "app", "sqlite", new ObjectKey("a/d"),
                    new ObjectKey("a/e"), "cli:bob");
            catalog.insert(live);
            for (int beat = 0; beat < 8; beat++) {
                clock.advance(Catalog.heartbeatInterval(settings.stallTimeout()));
                catalog.heartbeat(live.id(), clock.instant());
            }
            pass.run();
            assertEquals(BackupStatus.FAILED, catalog.find("app", killed.id()).orElseThrow().status(),
                    "silent for " + settings.stallTimeout().plusSeconds(9) + ", longer than the stall timeout");
            assertEquals(BackupStatus.RUNNING, catalog.find("app", live.id()).orElseThrow().status());
        }
    }

    @Test
    void every_pass_sweeps_before_it_checks_alerts() throws Exception {
        SchedulerWorld world = new SchedulerWorld(dir, clock, SchedulerSettings.DEFAULTS, Map.of("app", List.of("", "")));
        List<String> order = new ArrayList<>();
        try (Catalog catalog = Catalog.open(world.config.catalog())) {
            BackupRecord failed = BackupRecord.started(BackupId.next(clock), "app", "sqlite", new ObjectKey("a/b"),
                    new ObjectKey("a/c"), "cron");
            catalog.insert(failed);
            MonitorPass pass = world.monitor(catalog, world.config, () -> {
                order.add("sweep");
                catalog.update(failed.failed(clock.instant(), "the disk is full"));
            });
            pass.run();
            world.alerted.forEach(alert -> order.add(alert.event()));
            assertEquals("sweep", order.get(0));
            assertEquals(true, order.contains("backup.failed"), "the alert check saw what the sweep changed: " + order);
        }
    }

    @Test
    void the_pass_looks_stuck_when_the_last_one_anywhere_is_older_than_two_periods() throws Exception {
        SchedulerWorld world = new SchedulerWorld(dir, clock, SchedulerSettings.DEFAULTS, Map.of("app", List.of("", "")));
        try (Catalog catalog = Catalog.open(world.config.catalog())) {
            MonitorPass pass = world.monitor(catalog, world.config, () -> { });
            Duration period = Duration.ofSeconds(30);
            pass.run();
            clock.advance(period.multipliedBy(2));
            assertEquals(Optional.empty(), pass.staleness(period, Optional.empty()));
            clock.advance(Duration.ofSeconds(15));
            assertEquals(Optional.of("no scheduler pass for 1m 15s (it runs every 30s)"),
                    pass.staleness(period, Optional.empty()));
            assertEquals(Optional.empty(), pass.staleness(period, Optional.of(clock.instant().minusSeconds(5))),
                    "a pass another replica ran 5 s ago counts");
            pass.run();
            assertEquals(Optional.empty(), pass.staleness(period, Optional.empty()));
        }
    }
}
