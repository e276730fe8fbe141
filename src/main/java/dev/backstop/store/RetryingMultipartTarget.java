package dev.backstop.store;

import java.io.IOException;
import java.util.List;

/** Retries each call to another {@link MultipartTarget}, so one failed part does not fail a whole upload. */
final class RetryingMultipartTarget implements MultipartTarget {

    private final MultipartTarget target;
    private final RetryPolicy retry;

    RetryingMultipartTarget(MultipartTarget target, RetryPolicy retry) {
        this.target = target;
        this.retry = retry;
    }

    @Override
    public void putWhole(String key, byte[] bytes, int length) throws IOException {
        retry.run(() -> {
            target.putWhole(key, bytes, length);
            return null;
        });
    }

    @Override
    public String start(String key) throws IOException {
        return retry.run(() -> target.start(key));
    }

    @Override
    public Part uploadPart(String key, String uploadId, int number, byte[] bytes, int length) throws IOException {
        return retry.run(() -> target.uploadPart(key, uploadId, number, bytes, length));
    }

    @Override
    public void complete(String key, String uploadId, List<Part> parts) throws IOException {
        retry.run(() -> {
            target.complete(key, uploadId, parts);
            return null;
        });
    }

    @Override
    public void abort(String key, String uploadId) throws IOException {
        retry.run(() -> {
            target.abort(key, uploadId);
            return null;
        });
    }
}
