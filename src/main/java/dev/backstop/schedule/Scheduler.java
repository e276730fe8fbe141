package dev.backstop.schedule;

import dev.backstop.catalog.Catalog;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.Durations;
import dev.backstop.config.Schedule;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.DrillRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The scheduler's two halves. The monitor pass ({@link #monitor}) fails backups that a dead process
 * left running, runs the other sweeps (such as ending restore requests nobody will finish), then
 * checks alerts, so a backup ended that way raises {@code backup.failed}; it never waits for a job.
 * The dispatch ({@link #dispatch}) hands the scheduled backups and drills that fell due to an
 * executor, such as a bounded pool, and returns at once. A job is due when its schedule fired after
 * its last run, so a run missed while Backstop was down happens once at the next pass, not once per
 * missed slot. A database whose scheduled job is still queued or running gets no other until it ends.
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
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private volatile Instant lastPass;

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
     * One whole pass on the caller's thread: the monitor pass's sweeps, the jobs due now (run here,
     * one after another), then the alert check; returns what ran, as {@code backup app}.
     */
    public List<String> tick() {
        catalog.failAbandoned(clock.instant());
        sweep.run();
        List<String> ran = dispatch(Runnable::run);
        alerts.check();
        lastPass = clock.instant();
        return ran;
    }

    /** Fails abandoned backups, sweeps, then checks alerts; throws only when the catalog does. */
    public void monitor() {
        catalog.failAbandoned(clock.instant());
        sweep.run();
        alerts.check();
        lastPass = clock.instant();
    }

    /** When the last monitor pass (or whole pass) ended, or when this scheduler was made if none has. */
    public Instant lastPass() {
        return lastPass == null ? started : lastPass;
    }

    /**
     * Why the bot looks stuck, if it does: the last pass, run every {@code period}, ended more than two
     * periods ago, as {@code no scheduler pass for 2m (it runs every 30s)}.
     */
    public Optional<String> staleness(Duration period) {
        Duration since = Duration.between(lastPass(), clock.instant());
        return since.compareTo(period.multipliedBy(2)) > 0
                ? Optional.of("no scheduler pass for " + Durations.format(since) + " (it runs every "
                        + Durations.format(period) + ")")
                : Optional.empty();
    }

    /**
     * Hands each job due now to {@code jobs}, except for a database whose job is still queued or running;
     * returns what was handed over, as {@code backup app}. A job's failure is written to the audit log.
     */
    public List<String> dispatch(Executor jobs) {
        List<String> handed = new ArrayList<>();
        for (DatabaseConfig database : config.databases().values()) {
            if (!database.schedule().isEmpty()) {
                Optional<Instant> last = catalog.list(database.name(), 1).stream().findFirst().map(BackupRecord::createdAt);
                handIfDue("backup", database, database.schedule(), last, backup, jobs, handed);
            }
            if (database.drill().isPresent() && !database.drill().get().schedule().isEmpty()) {
                Optional<Instant> last = catalog.lastDrill(database.name(), false).map(DrillRecord::startedAt);
                handIfDue("drill", database, database.drill().get().schedule(), last, drill, jobs, handed);
            }
        }
        return handed;
    }

    private void handIfDue(String kind, DatabaseConfig database, String schedule, Optional<Instant> lastRun, Job job,
                           Executor jobs, List<String> handed) {
        Instant since = lastRun.orElse(started);
        Instant due = Schedule.parse(schedule).next(since, since);
        if (due.isAfter(clock.instant()) || !busy.add(database.name())) {
            return;
        }
        handed.add(kind + " " + database.name());
        try {
            jobs.execute(() -> run(kind, database.name(), job));
        } catch (RejectedExecutionException stopping) {
            busy.remove(database.name());
        }
    }

    private void run(String kind, String database, Job job) {
        try {
            job.run(database);
        } catch (Exception failure) {
            catalog.audit(new AuditEntry(clock.instant(), "scheduler", "scheduled " + kind, database, "", "",
                    "failed", String.valueOf(failure.getMessage())));
        } finally {
            busy.remove(database);
        }
    }
}
