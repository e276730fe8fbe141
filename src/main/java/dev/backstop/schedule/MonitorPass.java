package dev.backstop.schedule;

import dev.backstop.catalog.Catalog;
import dev.backstop.config.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The monitor pass: fails backups that a dead process left running (such as a CLI backup whose process
 * was killed), runs the other sweeps (such as ending restore requests nobody will finish), then checks
 * alerts, so a backup ended that way raises {@code backup.failed}. It never waits for a job. The
 * {@link JobScheduler} runs it as a recurring task, once per period across every replica.
 */
public final class MonitorPass {

    private final Catalog catalog;
    private final Runnable sweep;
    private final AlertMonitor alerts;
    private final Clock clock;
    private final Consumer<Duration> took;
    private final Duration silence;
    private final Instant started;
    private volatile Instant lastPass;

    /** {@code sweep} runs after abandoned backups are failed; it throws only when the catalog does. */
    public MonitorPass(Catalog catalog, Runnable sweep, AlertMonitor alerts, Clock clock) {
        this(catalog, sweep, alerts, clock, Catalog.ABANDONED_AFTER, passTime -> { });
    }

    /**
     * As {@link #MonitorPass(Catalog, Runnable, AlertMonitor, Clock)}, taking a backup for abandoned once its
     * row is silent for {@code stallTimeout} (at most {@link Catalog#ABANDONED_AFTER}): a CLI backup whose
     * process was killed is failed as soon as a replica's job would be. {@code took} hears how long each pass
     * that ended took (such as a metric's histogram).
     */
    public MonitorPass(Catalog catalog, Runnable sweep, AlertMonitor alerts, Clock clock, Duration stallTimeout,
                       Consumer<Duration> took) {
        this.catalog = catalog;
        this.sweep = sweep;
        this.alerts = alerts;
        this.clock = clock;
        this.took = took;
        this.silence = stallTimeout.compareTo(Catalog.ABANDONED_AFTER) < 0 ? stallTimeout : Catalog.ABANDONED_AFTER;
        this.started = clock.instant();
    }

    /** Fails abandoned backups, sweeps, then checks alerts; throws only when the catalog does. */
    public void run() {
        Instant begun = clock.instant();
        catalog.failAbandoned(begun, silence);
        sweep.run();
        alerts.check();
        lastPass = clock.instant();
        took.accept(Duration.between(begun, lastPass));
    }

    /** When this process last ended a pass, or when this was made if none has. */
    public Instant lastPass() {
        return lastPass == null ? started : lastPass;
    }

    /**
     * Why the bot looks stuck, if it does: the last pass, run every {@code period}, ended more than two
     * periods ago, as {@code no scheduler pass for 1m 15s (it runs every 30s)}. The last pass is the later
     * of this process's and {@code elsewhere} (the last one any replica ran, when known).
     */
    public Optional<String> staleness(Duration period, Optional<Instant> elsewhere) {
        Instant last = elsewhere.filter(other -> other.isAfter(lastPass())).orElse(lastPass());
        Duration since = Duration.between(last, clock.instant());
        return since.compareTo(period.multipliedBy(2)) > 0
                ? Optional.of("no scheduler pass for " + Durations.format(since) + " (it runs every "
                        + Durations.format(period) + ")")
                : Optional.empty();
    }
}
