package dev.backstop.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.config.StorageConfig;
import dev.backstop.core.ObjectKey;
import dev.backstop.core.ObjectStore;
import dev.backstop.core.Upload;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A backup stopped while a part is in flight aborts the upload and leaves nothing in the bucket. */
final class S3UploadInterruptTest {

    private static final ObjectKey KEY = new ObjectKey("app/2026/11/23/stopped.zst.age");
    private static final int PART = StorageConfig.MIN_PART_SIZE;

    private final S3ProxyServer server = S3ProxyServer.shared();
    private String bucket;
    private GatedParts gate;
    private ObjectStore store;

    @BeforeEach
    void connect() {
        bucket = server.createBucket();
        S3Bucket s3 = new S3Bucket(S3Stores.client(server.storage(bucket)), bucket, server.endpoint().toString());
        gate = new GatedParts(new S3MultipartTarget(s3));
        store = S3Stores.compose(s3, gate, PART, new RetryPolicy(4, Duration.ofMillis(200), delay -> { }));
    }

    @Test
    void interrupting_the_writer_while_a_part_is_in_flight_aborts_and_keeps_the_interrupt() throws Exception {
        gate.release(1);
        Upload upload = store.create(KEY);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            try {
                ObjectStoreContract.writeInSlices(upload, ObjectStoreContract.randomBytes(3 * PART, 12));
            } catch (Throwable failure) {
                thrown.set(failure);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        writer.start();
        assertEquals(1, gate.awaitStarted());
        assertEquals(2, gate.awaitStarted());

        writer.interrupt();
        writer.join();

        assertInstanceOf(InterruptedIOException.class, thrown.get());
        assertEquals("interrupted while part 2 of " + KEY + " was uploading", thrown.get().getMessage());
        assertTrue(stillInterrupted.get(), "the interrupt is kept for the caller");
        assertEquals(2, gate.awaitInterrupted(), "the part in flight is stopped");
        assertEquals(List.of(), server.keys(bucket));
        assertEquals(List.of(), server.pendingUploads(bucket));
    }

    @Test
    void closing_without_commit_while_a_part_is_in_flight_leaves_nothing() throws Exception {
        Upload upload = store.create(KEY);
        ObjectStoreContract.writeInSlices(upload, ObjectStoreContract.randomBytes(PART + 1, 13));
        assertEquals(1, gate.awaitStarted());

        upload.close();

        assertEquals(1, gate.awaitInterrupted());
        assertEquals(List.of(), server.keys(bucket));
        assertEquals(List.of(), server.pendingUploads(bucket));
    }
}
