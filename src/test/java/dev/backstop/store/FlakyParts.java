package dev.backstop.store;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Wraps a real {@link MultipartTarget} and fails chosen part uploads a chosen number of times. Parts
 * arrive on the upload's sender thread, so the counts are guarded.
 */
final class FlakyParts extends ForwardingParts {

    private final Map<Integer, Integer> failuresLeft = new HashMap<>();
    private int partCalls;
    private int aborts;

    FlakyParts(MultipartTarget target) {
        super(target);
    }

    /** Makes the next {@code times} uploads of part {@code number} fail. */
    synchronized FlakyParts failPart(int number, int times) {
        failuresLeft.put(number, times);
        return this;
    }

    synchronized int partCalls() {
        return partCalls;
    }

    synchronized int aborts() {
        return aborts;
    }

    @Override
    public Part uploadPart(String key, String uploadId, int number, byte[] bytes, int length) throws IOException {
        synchronized (this) {
            partCalls++;
            int left = failuresLeft.getOrDefault(number, 0);
            if (left > 0) {
                failuresLeft.put(number, left - 1);
                throw new IOException("injected failure of part " + number + " of " + key);
            }
        }
        return super.uploadPart(key, uploadId, number, bytes, length);
    }

    @Override
    public void abort(String key, String uploadId) throws IOException {
        synchronized (this) {
            aborts++;
        }
        super.abort(key, uploadId);
    }
}
