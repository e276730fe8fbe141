package dev.backstop.schedule;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a {@link Scheduler} on real time with three kinds of thread: one timer for the monitor pass
 * (sweeps and alerts), one for the dispatch of due jobs, and a pool of {@code workers} threads that
 * runs the jobs, so a long backup or drill never delays an alert or the approval sweep.
 */
public final class SchedulerLoop implements AutoCloseable {

    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final Scheduler scheduler;
    private final Duration period;
    private final ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(
            daemons("backstop-monitor"));
    private final ScheduledExecutorService dispatcher = Executors.newSingleThreadScheduledExecutor(
            daemons("backstop-scheduler"));
    private final ExecutorService workers;

    private SchedulerLoop(Scheduler scheduler, int workers, Duration period) {
        this.scheduler = scheduler;
        this.period = period;
        this.workers = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                daemons("backstop-job"));
    }

    /**
     * Starts the monitor pass and the dispatch now and every {@code period} after each ends, with jobs
     * on {@code workers} threads; a pass that throws is reported to {@code failed} and tried again.
     */
    public static SchedulerLoop start(Scheduler scheduler, int workers, Duration period,
                                      Consumer<RuntimeException> failed) {
        SchedulerLoop loop = new SchedulerLoop(scheduler, workers, period);
        long millis = period.toMillis();
        loop.monitor.scheduleWithFixedDelay(() -> guarded(scheduler::monitor, failed), 0, millis,
                TimeUnit.MILLISECONDS);
        loop.dispatcher.scheduleWithFixedDelay(() -> guarded(() -> scheduler.dispatch(loop.workers), failed), 0,
                millis, TimeUnit.MILLISECONDS);
        return loop;
    }

    private static void guarded(Runnable pass, Consumer<RuntimeException> failed) {
        try {
            pass.run();
        } catch (RuntimeException failure) {
            failed.accept(failure);
        }
    }

    /** Why the bot looks stuck, if it does: see {@link Scheduler#staleness}. */
    public Optional<String> staleness() {
        return scheduler.staleness(period);
    }

    /** Stops the timers and the jobs (running ones are interrupted) and waits for them a while. */
    @Override
    public void close() {
        monitor.shutdownNow();
        dispatcher.shutdownNow();
        workers.shutdownNow();
        try {
            long deadline = System.nanoTime() + STOP_WAIT.toNanos();
            for (ExecutorService executor : new ExecutorService[] {monitor, dispatcher, workers}) {
                executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
