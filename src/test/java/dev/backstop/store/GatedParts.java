package dev.backstop.store;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wraps a {@link MultipartTarget} and holds each part upload until the test releases it, so a test can
 * see what the writer does while a part is in flight. A held part gives up when its thread is interrupted.
 */
final class GatedParts extends ForwardingParts {

    private final Semaphore releases = new Semaphore(0);
    private final BlockingQueue<Integer> started = new LinkedBlockingQueue<>();
    private final BlockingQueue<Integer> interrupted = new LinkedBlockingQueue<>();

    GatedParts(MultipartTarget target) {
        super(target);
    }

    /** Lets the next {@code parts} part uploads go through. */
    void release(int parts) {
        releases.release(parts);
    }

    /** Waits until a part upload has reached the gate and returns its number. */
    int awaitStarted() throws InterruptedException {
        Integer number = started.poll(30, TimeUnit.SECONDS);
        assertNotNull(number, "no part upload started");
        return number;
    }

    /** Waits until a held part upload was interrupted and returns its number. */
    int awaitInterrupted() throws InterruptedException {
        Integer number = interrupted.poll(30, TimeUnit.SECONDS);
        assertNotNull(number, "no held part upload was interrupted");
        return number;
    }

    /** Part numbers that reached the gate and were not yet collected by {@link #awaitStarted}. */
    List<Integer> startedSoFar() {
        return List.copyOf(started);
    }

    @Override
    public Part uploadPart(String key, String uploadId, int number, byte[] bytes, int length) throws IOException {
        started.add(number);
        try {
            releases.acquire();
        } catch (InterruptedException stopped) {
            interrupted.add(number);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("part " + number + " was interrupted at the gate");
        }
        return super.uploadPart(key, uploadId, number, bytes, length);
    }
}
