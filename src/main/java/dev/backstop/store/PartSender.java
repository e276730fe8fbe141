package dev.backstop.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Sends the parts of one multipart upload on a background thread, one at a time, so the next part
 * can fill while the last one is sent. At most one part is in flight; its buffer is handed back for
 * refilling once the part is stored. Not thread-safe: one writer calls it, the thread only sends.
 */
final class PartSender {

    /**
     * How long {@link #cancel} waits by default for a part already on the wire: a little over the
     * S3 client's time limit for one request attempt, by which the part ends even when it ignores
     * the interrupt.
     */
    static final Duration CANCEL_WAIT = S3Timeouts.STANDARD.attempt().plusSeconds(5);

    private final MultipartTarget target;
    private final String key;
    private final String uploadId;
    private final Duration cancelWait;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
        Thread sender = new Thread(task, "backstop-s3-part-sender");
        sender.setDaemon(true);
        return sender;
    });
    private final List<MultipartTarget.Part> stored = new ArrayList<>();
    private Future<MultipartTarget.Part> inFlight;
    private byte[] inFlightBuffer;
    private byte[] freed;

    PartSender(MultipartTarget target, String key, String uploadId) {
        this(target, key, uploadId, CANCEL_WAIT);
    }

    /** As above; {@link #cancel} gives up waiting for a part that ignores its interrupt after {@code cancelWait}. */
    PartSender(MultipartTarget target, String key, String uploadId, Duration cancelWait) {
        this.target = target;
        this.key = key;
        this.uploadId = uploadId;
        this.cancelWait = cancelWait;
    }

    /** Parts handed over so far, stored or in flight; the next part gets this number plus one. */
    int handedOver() {
        return stored.size() + (inFlight == null ? 0 : 1);
    }

    /**
     * Waits until the part in flight is stored, then starts sending the first {@code length} bytes of
     * {@code buffer} as the next part. Returns the stored part's buffer to refill, or null if there was none.
     * The caller must not touch {@code buffer} until it is handed back.
     */
    byte[] send(byte[] buffer, int length) throws IOException {
        awaitInFlight();
        int number = stored.size() + 1;
        inFlight = thread.submit(() -> target.uploadPart(key, uploadId, number, buffer, length));
        inFlightBuffer = buffer;
        byte[] refill = freed;
        freed = null;
        return refill;
    }

    /** Throws the failure of the part in flight if it has already failed; never waits. */
    void throwIfFailed() throws IOException {
        if (inFlight != null && inFlight.isDone()) {
            awaitInFlight();
        }
    }

    /** Waits for the last part and returns every part stored, in order of their numbers. */
    List<MultipartTarget.Part> finish() throws IOException {
        awaitInFlight();
        thread.shutdown();
        freed = null;
        return List.copyOf(stored);
    }

    /**
     * Stops the part in flight by interrupting its thread (which ends its retries) and waits, even when
     * interrupted itself, until the thread has stopped sending, so no part reaches the bucket after the
     * upload is aborted. A part that ignores the interrupt is waited for at most the cancel wait; the
     * request's own time limit ends it soon after.
     */
    void cancel() {
        thread.shutdownNow();
        inFlight = null;
        inFlightBuffer = null;
        freed = null;
        boolean interrupted = false;
        long deadline = System.nanoTime() + cancelWait.toNanos();
        while (!thread.isTerminated() && System.nanoTime() < deadline) {
            try {
                thread.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException again) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitInFlight() throws IOException {
        if (inFlight == null) {
            return;
        }
        try {
            stored.add(inFlight.get());
            freed = inFlightBuffer;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while part " + handedOver() + " of " + key
                    + " was uploading");
        } catch (ExecutionException failed) {
            inFlight = null;
            inFlightBuffer = null;
            throw rethrown(failed.getCause());
        }
        inFlight = null;
        inFlightBuffer = null;
    }

    /** The part's own failure, already one line (the retries name the part and the attempts). */
    private static IOException rethrown(Throwable cause) {
        if (cause instanceof IOException failure) {
            return failure;
        }
        if (cause instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IOException(cause.getMessage(), cause);
    }
}
