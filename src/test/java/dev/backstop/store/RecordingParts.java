package dev.backstop.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * An in-memory {@link MultipartTarget} that records each request, for testing how uploads cut parts.
 * Part uploads arrive on the upload's sender thread, so every record is guarded.
 */
final class RecordingParts implements MultipartTarget {

    private final List<String> requests = new ArrayList<>();
    private final List<byte[]> partBytes = new ArrayList<>();
    private final Set<byte[]> buffers = Collections.newSetFromMap(new IdentityHashMap<>());
    private List<Part> completed = List.of();
    private int sending;
    private int mostSendingAtOnce;

    synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    synchronized List<byte[]> partBytes() {
        return List.copyOf(partBytes);
    }

    /** How many different arrays parts were sent from: the part buffers the upload allocated. */
    synchronized int distinctBuffers() {
        return buffers.size();
    }

    synchronized List<Part> completed() {
        return completed;
    }

    synchronized int mostSendingAtOnce() {
        return mostSendingAtOnce;
    }

    @Override
    public synchronized void putWhole(String key, byte[] bytes, int length) {
        requests.add("put " + key + " " + length);
    }

    @Override
    public synchronized String start(String key) {
        requests.add("start " + key);
        return "upload-1";
    }

    @Override
    public Part uploadPart(String key, String uploadId, int number, byte[] bytes, int length) {
        synchronized (this) {
            sending++;
            mostSendingAtOnce = Math.max(mostSendingAtOnce, sending);
            buffers.add(bytes);
        }
        byte[] copy = Arrays.copyOf(bytes, length);
        synchronized (this) {
            sending--;
            requests.add("part " + number + " " + length);
            partBytes.add(copy);
        }
        return new Part(number, "etag-" + number);
    }

    @Override
    public synchronized void complete(String key, String uploadId, List<Part> parts) {
        requests.add("complete " + parts.size());
        completed = List.copyOf(parts);
    }

    @Override
    public synchronized void abort(String key, String uploadId) {
        requests.add("abort " + uploadId);
    }
}
