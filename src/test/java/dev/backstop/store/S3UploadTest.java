package dev.backstop.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.backstop.core.Upload;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How an upload cuts its bytes into parts and which requests it sends, against an in-memory target. */
final class S3UploadTest {

    /** Small parts keep the test quick; the buffer still starts at 64 KiB and grows to a whole part. */
    private static final int PART = 256 << 10;

    private final RecordingParts parts = new RecordingParts();

    private List<String> upload(int size) throws IOException {
        try (Upload upload = new S3Upload(parts, "app/object", PART)) {
            ObjectStoreContract.writeInSlices(upload, new byte[size]);
            upload.commit();
        }
        return parts.requests;
    }

    @Test
    void an_empty_object_is_one_put() throws Exception {
        assertEquals(List.of("put app/object 0"), upload(0));
    }

    @Test
    void an_object_smaller_than_a_part_is_one_put() throws Exception {
        assertEquals(List.of("put app/object " + (PART - 1)), upload(PART - 1));
    }

    @Test
    void an_object_of_exactly_one_part_is_one_part() throws Exception {
        assertEquals(List.of("start app/object", "part 1 " + PART, "complete 1"), upload(PART));
    }

    @Test
    void a_larger_object_is_cut_into_full_parts_and_a_last_short_one() throws Exception {
        assertEquals(List.of("start app/object", "part 1 " + PART, "part 2 " + PART, "part 3 5", "complete 3"),
                upload(2 * PART + 5));
    }

    @Test
    void parts_carry_the_bytes_in_order() throws Exception {
        byte[] bytes = ObjectStoreContract.randomBytes(PART + 100, 8);
        try (Upload upload = new S3Upload(parts, "app/object", PART)) {
            upload.stream().write(bytes[0]);
            upload.stream().write(bytes, 1, bytes.length - 1);
            upload.commit();
        }

        assertArrayEquals(Arrays.copyOfRange(bytes, 0, PART), parts.partBytes.get(0));
        assertArrayEquals(Arrays.copyOfRange(bytes, PART, PART + 100), parts.partBytes.get(1));
    }

    @Test
    void abort_after_a_part_aborts_the_multipart_upload_once_and_refuses_more_writes() throws Exception {
        Upload upload = new S3Upload(parts, "app/object", PART);
        ObjectStoreContract.writeInSlices(upload, new byte[PART + 1]);
        upload.abort();
        upload.close();

        assertEquals(List.of("start app/object", "part 1 " + PART, "abort upload-1"), parts.requests);
        assertThrows(IOException.class, () -> upload.stream().write(1));
    }
}
