package dev.backstop.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.core.Upload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
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
        return parts.requests();
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

        assertArrayEquals(Arrays.copyOfRange(bytes, 0, PART), parts.partBytes().get(0));
        assertArrayEquals(Arrays.copyOfRange(bytes, PART, PART + 100), parts.partBytes().get(1));
    }

    @Test
    void many_parts_reuse_two_buffers_send_one_at_a_time_and_complete_in_order() throws Exception {
        byte[] bytes = ObjectStoreContract.randomBytes(10 * PART + PART / 2, 9);
        try (Upload upload = new S3Upload(parts, "app/object", PART)) {
            for (int offset = 0, slice = 1; offset < bytes.length; offset += slice, slice = slice * 3 % 100_003) {
                upload.stream().write(bytes, offset, Math.min(slice, bytes.length - offset));
            }
            upload.commit();
        }

        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        parts.partBytes().forEach(sent::writeBytes);
        assertArrayEquals(bytes, sent.toByteArray());
        assertEquals(IntStream.rangeClosed(1, 11).mapToObj(number -> new MultipartTarget.Part(number, "etag-" + number))
                .toList(), parts.completed());
        assertEquals(2, parts.distinctBuffers(), "one buffer filling and one in flight, reused for every part");
        assertEquals(1, parts.mostSendingAtOnce());
    }

    @Test
    void the_next_part_fills_while_one_uploads_and_waits_for_it_before_a_third_buffer() throws Exception {
        GatedParts gate = new GatedParts(parts);
        byte[] bytes = ObjectStoreContract.randomBytes(2 * PART + 7, 10);
        Upload upload = new S3Upload(gate, "app/object", PART);

        upload.stream().write(bytes, 0, PART);
        assertEquals(1, gate.awaitStarted());
        upload.stream().write(bytes, PART, PART - 1);
        assertEquals(List.of("start app/object"), parts.requests(), "part 2 filled while part 1 was held");

        Thread writer = new Thread(() -> write(upload, bytes, 2 * PART - 1, 1));
        writer.start();
        while (writer.getState() != Thread.State.WAITING) {
            assertTrue(writer.isAlive(), "the writer should wait for part 1 instead of finishing");
            Thread.onSpinWait();
        }
        assertEquals(List.of(), gate.startedSoFar(), "part 2 is not sent while part 1 is in flight");
        gate.release(1);
        writer.join();
        assertEquals(2, gate.awaitStarted());

        gate.release(2);
        upload.stream().write(bytes, 2 * PART, 7);
        upload.commit();
        assertEquals(List.of("start app/object", "part 1 " + PART, "part 2 " + PART, "part 3 7", "complete 3"),
                parts.requests());
        assertEquals(2, parts.distinctBuffers());
    }

    private static void write(Upload upload, byte[] bytes, int offset, int length) {
        try {
            upload.stream().write(bytes, offset, length);
        } catch (IOException failed) {
            throw new AssertionError(failed);
        }
    }

    @Test
    void abort_after_a_part_aborts_the_multipart_upload_once_and_refuses_more_writes() throws Exception {
        GatedParts gate = new GatedParts(parts);
        gate.release(1);
        Upload upload = new S3Upload(gate, "app/object", PART);
        ObjectStoreContract.writeInSlices(upload, new byte[2 * PART]);
        assertEquals(1, gate.awaitStarted());
        assertEquals(2, gate.awaitStarted());
        upload.abort();
        upload.close();

        assertEquals(2, gate.awaitInterrupted(), "the part in flight is stopped");
        assertEquals(List.of("start app/object", "part 1 " + PART, "abort upload-1"), parts.requests());
        assertThrows(IOException.class, () -> upload.stream().write(1));
    }

    @Test
    void an_object_beyond_ten_thousand_parts_fails_with_one_line_and_is_aborted() throws Exception {
        int tiny = 16;
        Upload upload = new S3Upload(parts, "app/huge", tiny);
        ObjectStoreContract.writeInSlices(upload, new byte[S3Upload.MAX_PARTS * tiny]);

        IOException thrown = assertThrows(IOException.class, () -> upload.stream().write(new byte[tiny]));

        assertEquals("app/huge does not fit in " + S3Upload.partsLimit(tiny) + ", the most S3 allows in one object:"
                + " raise storage.part_size", thrown.getMessage());
        assertEquals("10,000 parts of 8.0 MiB (78.1 GiB)", S3Upload.partsLimit(8 << 20));
        assertEquals("10,000 parts of 512.0 MiB (5,000.0 GiB)", S3Upload.partsLimit(512 << 20));
        List<String> requests = parts.requests();
        // The 10,000th part may still be in flight when the overflow aborts the upload, so only
        // what must hold is checked: nothing past part 10,000 was sent, and the abort came last.
        assertTrue(requests.stream().noneMatch(request -> request.startsWith("part 10001 ")), "no part past 10,000");
        assertTrue(requests.contains("part 9999 16"), "the parts before the last were sent");
        assertEquals("abort upload-1", requests.get(requests.size() - 1));
    }
}
