package dev.backstop.store;

import dev.backstop.core.ObjectInfo;
import dev.backstop.core.ObjectKey;
import dev.backstop.core.ObjectStore;
import dev.backstop.core.PendingUpload;
import dev.backstop.core.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Retries the single-request operations of another store: open, head, list, delete and the listing
 * of pending uploads. Uploads
 * pass straight through; their parts are retried one by one by {@link RetryingMultipartTarget}.
 */
final class RetryingObjectStore implements ObjectStore {

    private final ObjectStore store;
    private final RetryPolicy retry;

    RetryingObjectStore(ObjectStore store, RetryPolicy retry) {
        this.store = store;
        this.retry = retry;
    }

    @Override
    public Upload create(ObjectKey key) throws IOException {
        return store.create(key);
    }

    /** Retries opening the object; a failure in the middle of reading it is the reader's to handle. */
    @Override
    public InputStream open(ObjectKey key) throws IOException {
        return retry.run(() -> store.open(key));
    }

    @Override
    public Optional<ObjectInfo> head(ObjectKey key) throws IOException {
        return retry.run(() -> store.head(key));
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        return retry.run(() -> store.list(prefix));
    }

    @Override
    public void delete(ObjectKey key) throws IOException {
        retry.run(() -> {
            store.delete(key);
            return null;
        });
    }

    @Override
    public List<PendingUpload> pendingUploads(String prefix) throws IOException {
        return retry.run(() -> store.pendingUploads(prefix));
    }

    /** Passes straight through: the abort goes through the upload parts' target, which retries it. */
    @Override
    public void abortUpload(PendingUpload upload) throws IOException {
        store.abortUpload(upload);
    }

    @Override
    public String describe() {
        return store.describe();
    }
}
