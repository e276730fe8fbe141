package dev.backstop.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.core.ObjectInfo;
import dev.backstop.core.ObjectKey;
import dev.backstop.core.ObjectNotFoundException;
import dev.backstop.core.ObjectStore;
import dev.backstop.core.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link ObjectStore} promises; each store's test class extends this and says how to build one. */
public abstract class ObjectStoreContract {

    /** Larger than two 8 MiB parts, so an S3 upload sends three parts. */
    static final int MULTI_PART_SIZE = 20 << 20;

    protected ObjectStore store;

    /** A new, empty store. */
    protected abstract ObjectStore newStore() throws Exception;

    /** Writes started and neither committed nor discarded, such as temp files or multipart uploads. */
    protected abstract List<String> pendingWrites() throws Exception;

    @BeforeEach
    void createStore() throws Exception {
        store = newStore();
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Writes {@code bytes} in 64 KiB slices, the way the backup pipeline does, without committing. */
    static void writeInSlices(Upload upload, byte[] bytes) throws IOException {
        OutputStream stream = upload.stream();
        for (int offset = 0; offset < bytes.length; offset += 1 << 16) {
            stream.write(bytes, offset, Math.min(1 << 16, bytes.length - offset));
        }
    }

    private void put(String key, byte[] bytes) throws IOException {
        try (Upload upload = store.create(new ObjectKey(key))) {
            writeInSlices(upload, bytes);
            upload.commit();
        }
    }

    private byte[] read(String key) throws IOException {
        try (InputStream in = store.open(new ObjectKey(key))) {
            return in.readAllBytes();
        }
    }

    @Test
    void a_multi_part_object_reads_back_byte_for_byte() throws Exception {
        byte[] bytes = randomBytes(MULTI_PART_SIZE, 1);
        put("app/2026/11/23/big.zst.age", bytes);

        assertArrayEquals(bytes, read("app/2026/11/23/big.zst.age"));
        assertEquals(Optional.of(new ObjectInfo(new ObjectKey("app/2026/11/23/big.zst.age"), MULTI_PART_SIZE)),
                store.head(new ObjectKey("app/2026/11/23/big.zst.age")));
        assertEquals(List.of(), pendingWrites());
    }

    @Test
    void small_and_empty_objects_read_back() throws Exception {
        put("app/small.json", "{\"id\":1}".getBytes(StandardCharsets.UTF_8));
        put("app/empty", new byte[0]);

        assertEquals("{\"id\":1}", new String(read("app/small.json"), StandardCharsets.UTF_8));
        assertArrayEquals(new byte[0], read("app/empty"));
        assertEquals(0, store.head(new ObjectKey("app/empty")).orElseThrow().sizeBytes());
    }

    @Test
    void nothing_is_visible_before_commit() throws Exception {
        ObjectKey key = new ObjectKey("app/pending.zst.age");
        try (Upload upload = store.create(key)) {
            writeInSlices(upload, randomBytes(MULTI_PART_SIZE, 2));
            upload.stream().close();

            assertEquals(Optional.empty(), store.head(key));
            assertEquals(List.of(), store.list("app/"));
            assertThrows(ObjectNotFoundException.class, () -> store.open(key));

            upload.commit();
        }
        assertEquals(MULTI_PART_SIZE, store.head(key).orElseThrow().sizeBytes());
    }

    @Test
    void abort_leaves_nothing_behind() throws Exception {
        ObjectKey key = new ObjectKey("app/aborted.zst.age");
        Upload upload = store.create(key);
        writeInSlices(upload, randomBytes(MULTI_PART_SIZE, 3));
        upload.abort();
        upload.abort();

        assertEquals(Optional.empty(), store.head(key));
        assertEquals(List.of(), store.list(""));
        assertEquals(List.of(), pendingWrites());
        assertThrows(IOException.class, upload::commit);
    }

    @Test
    void closing_without_commit_leaves_nothing_behind() throws Exception {
        ObjectKey key = new ObjectKey("app/closed.zst.age");
        try (Upload upload = store.create(key)) {
            writeInSlices(upload, randomBytes(MULTI_PART_SIZE, 4));
        }

        assertEquals(Optional.empty(), store.head(key));
        assertEquals(List.of(), pendingWrites());
    }

    @Test
    void closing_after_commit_keeps_the_object() throws Exception {
        put("app/kept", new byte[] {1, 2, 3});

        assertArrayEquals(new byte[] {1, 2, 3}, read("app/kept"));
    }

    @Test
    void list_filters_by_prefix_and_sorts_by_key() throws Exception {
        put("web/2026/b", new byte[2]);
        put("app/2026/11/02/b", new byte[3]);
        put("app/2026/11/01/a", new byte[1]);
        put("app/2026/10/31/z", new byte[4]);

        assertEquals(List.of(
                        new ObjectInfo(new ObjectKey("app/2026/10/31/z"), 4),
                        new ObjectInfo(new ObjectKey("app/2026/11/01/a"), 1),
                        new ObjectInfo(new ObjectKey("app/2026/11/02/b"), 3)),
                store.list("app/"));
        assertEquals(4, store.list("").size());
        assertEquals(List.of(), store.list("nothing/"));
    }

    @Test
    void a_missing_object_is_reported_as_such() throws Exception {
        ObjectKey missing = new ObjectKey("app/missing");

        assertEquals(Optional.empty(), store.head(missing));
        ObjectNotFoundException thrown = assertThrows(ObjectNotFoundException.class, () -> store.open(missing));
        assertTrue(thrown.getMessage().contains("app/missing"), thrown.getMessage());
    }

    @Test
    void delete_removes_the_object_and_deleting_a_missing_one_is_fine() throws Exception {
        put("app/doomed", new byte[] {9});

        store.delete(new ObjectKey("app/doomed"));

        assertEquals(Optional.empty(), store.head(new ObjectKey("app/doomed")));
        assertDoesNotThrow(() -> store.delete(new ObjectKey("app/doomed")));
        assertDoesNotThrow(() -> store.delete(new ObjectKey("app/never/existed")));
    }

    @Test
    void a_committed_upload_cannot_be_committed_again() throws Exception {
        Upload upload = store.create(new ObjectKey("app/once"));
        upload.stream().write(7);
        upload.commit();

        assertThrows(IOException.class, upload::commit);
        upload.abort();
        assertArrayEquals(new byte[] {7}, read("app/once"));
    }
}
