package dev.backstop.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An in-memory {@link MultipartTarget} that records each request, for testing how uploads cut parts. */
final class RecordingParts implements MultipartTarget {

    final List<String> requests = new ArrayList<>();
    final List<byte[]> partBytes = new ArrayList<>();

    @Override
    public void putWhole(String key, byte[] bytes, int length) {
        requests.add("put " + key + " " + length);
    }

    @Override
    public String start(String key) {
        requests.add("start " + key);
        return "upload-1";
    }

    @Override
    public Part uploadPart(String key, String uploadId, int number, byte[] bytes, int length) {
        requests.add("part " + number + " " + length);
        partBytes.add(Arrays.copyOf(bytes, length));
        return new Part(number, "etag-" + number);
    }

    @Override
    public void complete(String key, String uploadId, List<Part> parts) {
        requests.add("complete " + parts.size());
    }

    @Override
    public void abort(String key, String uploadId) {
        requests.add("abort " + uploadId);
    }
}
