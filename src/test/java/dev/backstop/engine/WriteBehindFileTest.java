package dev.backstop.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteBehindFileTest {

    @TempDir
    Path dir;

    @Test
    void writes_every_byte_and_starts_write_back_while_the_stream_arrives() throws Exception {
        Path file = dir.resolve("restored.db");
        Files.writeString(file, "an older, longer file that must be replaced entirely".repeat(100));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Random random = new Random(42);
        WriteBehindFile out = new WriteBehindFile(file, 64 * 1024);
        try (out) {
            for (int block = 0; block < 64; block++) {
                byte[] data = new byte[1 + random.nextInt(32 * 1024)];
                random.nextBytes(data);
                out.write(data, 0, data.length);
                expected.write(data);
                out.write(block);
                expected.write(block);
            }
        }
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
        assertTrue(out.flushesStarted() >= 1, "no write-back was started for " + expected.size() + " bytes");
        out.close();
    }
}
