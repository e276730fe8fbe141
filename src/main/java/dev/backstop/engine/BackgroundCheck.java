package dev.backstop.engine;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/** A check that runs on its own daemon thread while the caller streams, and its outcome once it ended. */
final class BackgroundCheck<T> {

    private final FutureTask<T> task;
    private final Thread thread;

    private BackgroundCheck(String name, Callable<T> check) {
        this.task = new FutureTask<>(check);
        this.thread = new Thread(task, name);
        thread.setDaemon(true);
    }

    /** Starts {@code check} on a daemon thread called {@code name}. */
    static <T> BackgroundCheck<T> start(String name, Callable<T> check) {
        BackgroundCheck<T> started = new BackgroundCheck<>(name, check);
        started.thread.start();
        return started;
    }

    boolean isDone() {
        return task.isDone();
    }

    /** Waits for the check to end; false when this thread was interrupted while waiting (and stays interrupted). */
    boolean awaited() {
        try {
            thread.join();
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The check's result, or its own failure; waits for it to end. */
    T outcome(String what) throws IOException {
        try {
            return task.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while checking " + what);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause.getMessage(), cause);
        }
    }
}
