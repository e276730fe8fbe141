package dev.backstop.config;

import java.time.Duration;

/**
 * How jobs run: {@code workers} jobs at once in this process; {@code stallTimeout} is how long a job may
 * go without progress before it is failed, and how soon a job of a replica that died is found dead;
 * {@code poll} is how often the scheduler looks for due jobs; {@code monitorEvery} is the period of the
 * monitor pass (sweeps and the alert check), which runs once per period across all replicas.
 */
public record SchedulerSettings(int workers, Duration stallTimeout, Duration poll, Duration monitorEvery) {

    public static final Duration DEFAULT_POLL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MONITOR_EVERY = Duration.ofSeconds(30);
    public static final SchedulerSettings DEFAULTS = new SchedulerSettings(2, Duration.ofMinutes(10));

    /** Settings with the default {@code poll} and {@code monitorEvery}. */
    public SchedulerSettings(int workers, Duration stallTimeout) {
        this(workers, stallTimeout, DEFAULT_POLL, DEFAULT_MONITOR_EVERY);
    }
}
