package dev.backstop.config;

import java.time.Duration;

/** How jobs run: {@code stallTimeout} is how long a job may go without progress before it is failed. */
public record SchedulerSettings(int workers, Duration stallTimeout) {

    public static final SchedulerSettings DEFAULTS = new SchedulerSettings(2, Duration.ofMinutes(10));
}
