package dev.backstop.core;

import java.time.Duration;

/** Calls a task again and again while long work runs; the seam through which real time drives heartbeats. */
@FunctionalInterface
public interface Ticker {

    /**
     * Calls {@code task} every {@code interval}, the first time one interval from now, until the
     * returned handle is closed. A call that throws does not stop the later ones.
     */
    Ticking every(Duration interval, Runnable task);

    /** A repetition under way; closing it stops the calls (one already running may finish) and never throws. */
    interface Ticking extends AutoCloseable {
        @Override
        void close();
    }
}
