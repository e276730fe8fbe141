package dev.backstop.pipeline;

import dev.backstop.config.Durations;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One running job (a backup, restore or verify) watched for progress: the bytes that moved through
 * its streams and when the last of them moved. A job silent for the stall timeout is cancelled by
 * interrupting the thread that runs it, and then fails with the stall as its reason.
 */
public final class JobWatch implements AutoCloseable {

    private final String kind;
    private final String database;
    private final Thread worker;
    private final Duration stallTimeout;
    private final Clock clock;
    private final RunningJobs owner;
    private final AtomicLong bytes = new AtomicLong();
    private volatile long lastMovedMillis;
    private volatile String stallReason;

    JobWatch(String kind, String database, Duration stallTimeout, Clock clock, RunningJobs owner) {
        this.kind = kind;
        this.database = database;
        this.worker = Thread.currentThread();
        this.stallTimeout = stallTimeout;
        this.clock = clock;
        this.owner = owner;
        this.lastMovedMillis = clock.millis();
    }

    /** {@code backup of app}. */
    public String describe() {
        return kind + " of " + database;
    }

    String database() {
        return database;
    }

    /** How long since bytes last moved. */
    public Duration silentFor() {
        return Duration.ofMillis(Math.max(0, clock.millis() - lastMovedMillis));
    }

    /** Whether the job went without progress for the stall timeout (it is cancelled, or about to be). */
    public boolean stalled() {
        return stallReason != null || silentFor().compareTo(stallTimeout) >= 0;
    }

    /** Whether the job was cancelled for a stall. */
    public boolean cancelled() {
        return stallReason != null;
    }

    /** Cancels the job once when it has stalled; returns whether it has. */
    synchronized boolean cancelIfStalled() {
        if (stallReason == null && silentFor().compareTo(stallTimeout) >= 0) {
            stallReason = "no progress for " + Durations.format(stallTimeout) + " (" + bytes.get()
                    + " bytes moved before it stopped); Backstop cancelled the " + kind
                    + "; check that the database and the storage endpoint answer";
            worker.interrupt();
        }
        return stallReason != null;
    }

    /**
     * The reason to record when the job fails with {@code failure}: the stall when it was cancelled for
     * one (the interrupt that cancelled it is then cleared from this thread), else the failure's own.
     */
    String reasonFor(Throwable failure) {
        if (stallReason == null) {
            return Failures.describe(failure);
        }
        clearOwnInterrupt();
        return stallReason;
    }

    /** Counts what is written to {@code out} as progress. */
    OutputStream counting(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int value) throws IOException {
                out.write(value);
                moved(1);
            }

            @Override
            public void write(byte[] data, int offset, int length) throws IOException {
                out.write(data, offset, length);
                moved(length);
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    /** Counts what is read from {@code in} as progress. */
    InputStream counting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int value = in.read();
                if (value >= 0) {
                    moved(1);
                }
                return value;
            }

            @Override
            public int read(byte[] data, int offset, int length) throws IOException {
                int read = in.read(data, offset, length);
                if (read > 0) {
                    moved(read);
                }
                return read;
            }
        };
    }

    private void moved(long count) {
        bytes.addAndGet(count);
        lastMovedMillis = clock.millis();
    }

    private void clearOwnInterrupt() {
        if (Thread.currentThread() == worker) {
            Thread.interrupted();
        }
    }

    /** Ends the watch; an interrupt it sent that the job never saw is cleared, so it cannot hit later work. */
    @Override
    public synchronized void close() {
        owner.ended(this);
        if (stallReason != null) {
            clearOwnInterrupt();
        }
    }
}
