package dev.backstop.slack;

import dev.backstop.Eventually;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the tasks handed to the bot's executors that have not finished, with one count for all of
 * them: a task that hands on more work counts it before it ends itself, so a count of zero means the
 * bot has nothing left to do. Tests wait for that instead of sleeping before they check that nothing
 * more happened.
 */
final class PendingWork {

    private final AtomicInteger unfinished = new AtomicInteger();

    /** {@code executor}, with every task it runs counted here. */
    ExecutorService track(ExecutorService executor) {
        return new Counted(executor);
    }

    /** Waits until every counted task has finished; fails the test after {@link Eventually#TIMEOUT}. */
    void awaitNone() {
        Eventually.waitUntil("the bot's background work to finish (" + unfinished.get() + " tasks left)",
                () -> unfinished.get() == 0);
    }

    private final class Counted extends AbstractExecutorService {

        private final ExecutorService delegate;

        Counted(ExecutorService delegate) {
            this.delegate = delegate;
        }

        @Override
        public void execute(Runnable task) {
            unfinished.incrementAndGet();
            try {
                delegate.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        unfinished.decrementAndGet();
                    }
                });
            } catch (RejectedExecutionException refused) {
                unfinished.decrementAndGet();
                throw refused;
            }
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return delegate.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return delegate.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return delegate.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return delegate.awaitTermination(timeout, unit);
        }
    }
}
