package dev.backstop.schedule;

import dev.backstop.core.Ticker;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A {@link Ticker} on real time: each repetition gets its own daemon thread, which ends when it is closed. */
public final class ThreadTicker implements Ticker {

    private final String threadName;

    public ThreadTicker(String threadName) {
        this.threadName = threadName;
    }

    @Override
    public Ticking every(Duration interval, Runnable task) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException failed) {
                // The contract keeps ticking; the task's owner sees a missed tick through its effect.
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        return timer::shutdown;
    }
}
