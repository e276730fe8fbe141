package dev.backstop.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A local upload writes its file back while it arrives, and commits or aborts it whole. */
class LocalUploadTest {

    @TempDir
    Path dir;

    @Test
    void an_upload_starts_write_back_while_it_arrives_and_commits_every_byte() throws Exception {
        Path temp = Files.createFile(dir.resolve(".tmp-1.part"));
        Path destination = dir.resolve("object.age");
        LocalUpload upload = new LocalUpload(temp, destination, 64 * 1024);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Random random = new Random(7);
        for (int block = 0; block < 48; block++) {
            byte[] data = new byte[1 + random.nextInt(40 * 1024)];
            random.nextBytes(data);
            upload.stream().write(data);
            expected.write(data);
            upload.stream().write(block);
            expected.write(block);
        }
        upload.commit();
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(destination));
        assertFalse(Files.exists(temp));
        assertTrue(upload.flushesStarted() >= 1, "no write-back was started for " + expected.size() + " bytes");
    }

    @Test
    void an_aborted_upload_leaves_no_file_even_with_write_back_started() throws Exception {
        Path temp = Files.createFile(dir.resolve(".tmp-2.part"));
        Path destination = dir.resolve("object.age");
        LocalUpload upload = new LocalUpload(temp, destination, 16 * 1024);
        byte[] data = new byte[256 * 1024];
        new Random(8).nextBytes(data);
        upload.stream().write(data);
        upload.stream().flush();
        upload.abort();
        assertTrue(upload.flushesStarted() >= 1);
        assertFalse(Files.exists(temp));
        assertFalse(Files.exists(destination));
    }
}
