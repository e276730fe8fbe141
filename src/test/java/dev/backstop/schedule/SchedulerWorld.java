package dev.backstop.schedule;

import dev.backstop.TestWorld;
import dev.backstop.catalog.Catalog;
import dev.backstop.config.AlertsConfig;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.DrillConfig;
import dev.backstop.config.SchedulerSettings;
import dev.backstop.core.Alert;
import dev.backstop.core.BackupId;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.ObjectKey;
import dev.backstop.engine.SqliteSettings;
import dev.backstop.pipeline.ObjectLayout;
import dev.backstop.store.LocalObjectStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A real SQLite catalog and a config of databases with backup and drill schedules, for the tests of
 * {@link JobScheduler}: the jobs record when they ran (and, for a backup, write a succeeded row).
 */
final class SchedulerWorld {

    final TestWorld world;
    final Clock clock;
    final BackstopConfig config;
    final List<String> runs = Collections.synchronizedList(new ArrayList<>());
    final List<Instant> backupTimes = Collections.synchronizedList(new ArrayList<>());
    final BlockingQueue<Alert> alerted = new LinkedBlockingQueue<>();
    final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Path dir;

    /** {@code schedules} maps each database to its backup schedule and its drill schedule ("" for none). */
    SchedulerWorld(Path dir, Clock clock, SchedulerSettings settings, Map<String, List<String>> schedules)
            throws Exception {
        this.dir = dir;
        this.world = new TestWorld(dir);
        this.clock = clock;
        this.config = config(settings, schedules);
    }

    BackstopConfig config(SchedulerSettings settings, Map<String, List<String>> schedules) {
        DatabaseConfig app = world.config.database("app").orElseThrow();
        Map<String, DatabaseConfig> databases = new LinkedHashMap<>();
        schedules.forEach((name, both) -> databases.put(name, new DatabaseConfig(name,
                new SqliteSettings(world.database), false, both.get(0), Duration.ofHours(25), app.retention(),
                DatabaseConfig.KEEP_PRE_RESTORE, both.get(1).isEmpty() ? Optional.empty()
                        : Optional.of(new DrillConfig(both.get(1), Duration.ofMinutes(30), List.of(), List.of(), "")),
                "")));
        return new BackstopConfig(world.config.file(), world.config.catalog(), world.config.storage(),
                world.config.encryption(), world.config.slack(), 3000, databases, AlertsConfig.DEFAULTS, settings);
    }

    MonitorPass monitor(Catalog catalog, BackstopConfig with, Runnable sweep) {
        AlertMonitor alerts = new AlertMonitor(with, catalog, new LocalObjectStore(dir.resolve("backups")),
                new ObjectLayout("")::probeKey, List.of(alerted::add), clock);
        return new MonitorPass(catalog, sweep, alerts, clock, with.scheduler().stallTimeout(), passTime -> { });
    }

    /** A backup job that records its run as {@code backup DB by REPLICA} and stores a succeeded row. */
    JobScheduler.Job backup(Catalog catalog, String replica) {
        return database -> {
            runs.add("backup " + database + " by " + replica);
            backupTimes.add(Instant.now());
            BackupRecord started = BackupRecord.started(BackupId.next(clock), database, "sqlite", new ObjectKey("a/b"),
                    new ObjectKey("a/c"), JobScheduler.ACTOR);
            catalog.insert(started);
            catalog.update(started.succeeded(clock.instant(), 1, "s", 1, "r"));
        };
    }

    JobScheduler start(Catalog catalog, BackstopConfig with, String replica, JobScheduler.Job backup,
                       JobScheduler.ChatWork chat, Runnable sweep) {
        return start(catalog, with, replica, backup, chat, sweep, clock);
    }

    JobScheduler start(Catalog catalog, BackstopConfig with, String replica, JobScheduler.Job backup,
                       JobScheduler.ChatWork chat, Runnable sweep, Clock on) {
        return JobScheduler.start(catalog.dataSource(), with, catalog, backup,
                database -> runs.add("drill " + database + " by " + replica), monitor(catalog, with, sweep), chat, on,
                replica, failed -> failures.add(failed.getMessage()));
    }

    JobScheduler start(Catalog catalog, String replica) {
        return start(catalog, config, replica, backup(catalog, replica), order -> { }, () -> { });
    }

    long count(String prefix) {
        synchronized (runs) {
            return runs.stream().filter(run -> run.startsWith(prefix)).count();
        }
    }
}
