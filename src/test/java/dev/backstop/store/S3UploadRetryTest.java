package dev.backstop.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.backstop.config.StorageConfig;
import dev.backstop.core.ObjectKey;
import dev.backstop.core.ObjectStore;
import dev.backstop.core.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Part uploads that fail are retried with backoff; when the retries run out, nothing is left in the bucket. */
final class S3UploadRetryTest {

    private static final ObjectKey KEY = new ObjectKey("app/2026/11/23/flaky.zst.age");

    private final S3ProxyServer server = S3ProxyServer.shared();
    private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
    private final RetryPolicy retry = new RetryPolicy(4, Duration.ofMillis(200), waits::add);
    private String bucket;
    private FlakyParts parts;
    private ObjectStore store;

    @BeforeEach
    void connect() {
        bucket = server.createBucket();
        S3Bucket s3 = new S3Bucket(S3Stores.client(server.storage(bucket)), bucket, server.endpoint().toString());
        parts = new FlakyParts(new S3MultipartTarget(s3));
        store = S3Stores.compose(s3, parts, StorageConfig.DEFAULT_PART_SIZE, retry);
    }

    @Test
    void failed_parts_are_retried_with_exponential_backoff_and_the_object_is_whole() throws Exception {
        parts.failPart(2, 2).failPart(3, 1);
        byte[] bytes = ObjectStoreContract.randomBytes(ObjectStoreContract.MULTI_PART_SIZE, 5);

        try (Upload upload = store.create(KEY)) {
            ObjectStoreContract.writeInSlices(upload, bytes);
            upload.commit();
        }

        try (InputStream in = store.open(KEY)) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
        assertEquals(List.of(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(200)), waits);
        assertEquals(6, parts.partCalls());
        assertEquals(List.of(), server.pendingUploads(bucket));
    }

    @Test
    void when_retries_run_out_the_upload_fails_and_leaves_nothing() throws Exception {
        parts.failPart(2, 4);

        IOException thrown = assertThrows(IOException.class, () -> {
            try (Upload upload = store.create(KEY)) {
                ObjectStoreContract.writeInSlices(upload, ObjectStoreContract.randomBytes(
                        ObjectStoreContract.MULTI_PART_SIZE, 6));
                upload.commit();
            }
        });

        assertEquals("injected failure of part 2 of " + KEY + "; gave up after 4 attempts", thrown.getMessage());
        assertEquals(List.of(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800)), waits);
        assertEquals(1, parts.aborts());
        assertEquals(Optional.empty(), store.head(KEY));
        assertEquals(List.of(), server.keys(bucket));
        assertEquals(List.of(), server.pendingUploads(bucket));
    }

    @Test
    void a_last_part_that_keeps_failing_at_commit_aborts_the_upload() throws Exception {
        parts.failPart(3, 4);
        Upload upload = store.create(KEY);
        ObjectStoreContract.writeInSlices(upload, ObjectStoreContract.randomBytes(ObjectStoreContract.MULTI_PART_SIZE, 7));

        assertThrows(IOException.class, upload::commit);

        assertEquals(1, parts.aborts());
        assertEquals(List.of(), server.keys(bucket));
        assertEquals(List.of(), server.pendingUploads(bucket));
    }

    @Test
    void a_part_that_fails_in_the_background_fails_a_later_write_and_leaves_nothing() throws Exception {
        store = S3Stores.compose(new S3Bucket(S3Stores.client(server.storage(bucket)), bucket,
                server.endpoint().toString()), parts, StorageConfig.MIN_PART_SIZE, retry);
        parts.failPart(2, 4);
        Upload upload = store.create(KEY);

        // Four 5 MiB parts: handing over part 3 waits for part 2, so a write sees the failure before commit.
        IOException thrown = assertThrows(IOException.class, () -> ObjectStoreContract.writeInSlices(upload,
                ObjectStoreContract.randomBytes(4 * StorageConfig.MIN_PART_SIZE, 11)));

        assertEquals("injected failure of part 2 of " + KEY + "; gave up after 4 attempts", thrown.getMessage());
        assertEquals(1, parts.aborts());
        assertEquals(List.of(), server.keys(bucket));
        assertEquals(List.of(), server.pendingUploads(bucket));
        assertEquals("upload of " + KEY + " is already aborted",
                assertThrows(IOException.class, upload::commit).getMessage());
    }
}
