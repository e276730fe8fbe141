package dev.backstop.schedule;

import dev.backstop.catalog.Catalog;
import java.time.Clock;
import java.time.Instant;

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
    private volatile Instant lastPass;

    /** {@code sweep} runs after abandoned backups are failed; it throws only when the catalog does. */
    public MonitorPass(Catalog catalog, Runnable sweep, AlertMonitor alerts, Clock clock) {
        this.catalog = catalog;
        this.sweep = sweep;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** Fails abandoned backups, sweeps, then checks alerts; throws only when the catalog does. */
    public void run() {
        catalog.failAbandoned(clock.instant());
        sweep.run();
        alerts.check();
        lastPass = clock.instant();
    }

    /** When this process last ended a pass; empty when it has not. */
    public java.util.Optional<Instant> lastPass() {
        return java.util.Optional.ofNullable(lastPass);
    }
}
