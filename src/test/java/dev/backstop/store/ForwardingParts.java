package dev.backstop.store;

import java.io.IOException;
import java.util.List;

/**
 * A {@link MultipartTarget} that hands every request on to a wrapped one unchanged. Test fakes that
 * inject faults or hold requests extend it and override only the calls they interfere with, calling
 * {@code super} to let a request through.
 */
abstract class ForwardingParts implements MultipartTarget {

    private final MultipartTarget target;

    ForwardingParts(MultipartTarget target) {
        this.target = target;
    }

    @Override
    public void putWhole(String key, byte[] bytes, int length) throws IOException {
        target.putWhole(key, bytes, length);
    }

    @Override
    public String start(String key) throws IOException {
        return target.start(key);
    }

    @Override
    public Part uploadPart(String key, String uploadId, int number, byte[] bytes, int length) throws IOException {
        return target.uploadPart(key, uploadId, number, bytes, length);
    }

    @Override
    public void complete(String key, String uploadId, List<Part> parts) throws IOException {
        target.complete(key, uploadId, parts);
    }

    @Override
    public void abort(String key, String uploadId) throws IOException {
        target.abort(key, uploadId);
    }
}
