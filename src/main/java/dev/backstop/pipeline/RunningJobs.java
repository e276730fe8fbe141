package dev.backstop.pipeline;

import dev.backstop.core.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs running in this process, each watched for progress: a job whose streams move no bytes
 * for the stall timeout is cancelled ({@link JobWatch}). {@code /healthz} reads the stalled ones.
 */
public final class RunningJobs {

    private static final Duration MOST_CHECK_INTERVAL = Duration.ofSeconds(30);

    private final Duration stallTimeout;
    private final Ticker ticker;
    private final Clock clock;
    private final Map<JobWatch, Ticker.Ticking> running = new ConcurrentHashMap<>();

    /** Checks each job every 30 s (more often when {@code stallTimeout} is under 2 minutes) through {@code ticker}. */
    public RunningJobs(Duration stallTimeout, Ticker ticker, Clock clock) {
        this.stallTimeout = stallTimeout;
        this.ticker = ticker;
        this.clock = clock;
    }

    /** Jobs that nothing cancels for a stall, for tools that build a service without a watch. */
    static RunningJobs unwatched(Duration stallTimeout, Clock clock) {
        return new RunningJobs(stallTimeout, (interval, task) -> () -> { }, clock);
    }

    /** Starts watching a job that the calling thread runs; close the watch when the job ends. */
    public JobWatch watch(String kind, String database) {
        JobWatch watch = new JobWatch(kind, database, stallTimeout, clock, this);
        Duration quarter = stallTimeout.dividedBy(4);
        Duration interval = quarter.compareTo(MOST_CHECK_INTERVAL) < 0 ? quarter : MOST_CHECK_INTERVAL;
        running.put(watch, ticker.every(interval.isZero() ? Duration.ofMillis(1) : interval, watch::cancelIfStalled));
        return watch;
    }

    void ended(JobWatch watch) {
        Ticker.Ticking ticking = running.remove(watch);
        if (ticking != null) {
            ticking.close();
        }
    }

    /** The running jobs that went without progress for the stall timeout, as {@code backup of app (silent 12m)}. */
    public List<JobWatch> stalled() {
        return running.keySet().stream().filter(JobWatch::stalled).toList();
    }

    /** Whether a job of {@code database} has stalled. */
    public boolean stalled(String database) {
        return stalled().stream().anyMatch(watch -> watch.database().equals(database));
    }

    public Duration stallTimeout() {
        return stallTimeout;
    }
}
