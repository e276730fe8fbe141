package dev.backstop.schedule;

import dev.backstop.catalog.Catalog;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.DrillRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fails backups that a dead process left running and runs the other sweeps (such as ending restore
 * requests nobody will finish), runs scheduled backups and drills when they fall due, then checks
 * alerts, so a backup ended that way raises {@code backup.failed}. A job is due when its
 * schedule fired after its last run, so a run missed while Backstop was down happens once at the
 * next tick, not once per missed slot. Jobs run one after another on the caller's thread, so each
 * database has at most one scheduled job at a time.
 */
public final class Scheduler {

    /** Runs one job for one database; failures are recorded by the job itself and thrown. */
    @FunctionalInterface
    public interface Job {
        void run(String database) throws Exception;
    }

    private final BackstopConfig config;
    private final Catalog catalog;
    private final Job backup;
    private final Job drill;
    private final Runnable sweep;
    private final AlertMonitor alerts;
    private final Clock clock;
    private final Instant started;

    /**
     * {@code sweep} runs at the start of every pass, after abandoned backups are failed; it throws only
     * when the catalog does.
     */
    public Scheduler(BackstopConfig config, Catalog catalog, Job backup, Job drill, Runnable sweep, AlertMonitor alerts,
                     Clock clock) {
        this.config = config;
        this.catalog = catalog;
        this.backup = backup;
        this.drill = drill;
        this.sweep = sweep;
        this.alerts = alerts;
        this.clock = clock;
        this.started = clock.instant();
    }

    /**
     * Fails abandoned backups, sweeps, runs the jobs due now, then the alert check; returns what ran,
     * as {@code backup app}.
     */
    public List<String> tick() {
        catalog.failAbandoned(clock.instant());
        sweep.run();
        List<String> ran = new ArrayList<>();
        for (DatabaseConfig database : config.databases().values()) {
            if (!database.schedule().isEmpty()) {
                Optional<Instant> last = catalog.list(database.name(), 1).stream().findFirst().map(BackupRecord::createdAt);
                runIfDue("backup", database, database.schedule(), last, backup, ran);
            }
            if (database.drill().isPresent() && !database.drill().get().schedule().isEmpty()) {
                Optional<Instant> last = catalog.lastDrill(database.name(), false).map(DrillRecord::startedAt);
                runIfDue("drill", database, database.drill().get().schedule(), last, drill, ran);
            }
        }
        alerts.check();
        return ran;
    }

    private void runIfDue(String kind, DatabaseConfig database, String schedule, Optional<Instant> lastRun, Job job,
                          List<String> ran) {
        Instant since = lastRun.orElse(started);
        Instant due = Schedule.parse(schedule).next(since, since);
        if (due.isAfter(clock.instant())) {
            return;
        }
        ran.add(kind + " " + database.name());
        try {
            job.run(database.name());
        } catch (Exception failure) {
            catalog.audit(new AuditEntry(clock.instant(), "scheduler", "scheduled " + kind, database.name(), "", "",
                    "failed", String.valueOf(failure.getMessage())));
        }
    }
}
