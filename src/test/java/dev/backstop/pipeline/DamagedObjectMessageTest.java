package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.config.BackstopConfig;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.Progress;
import dev.backstop.services.Services;
import dev.backstop.store.S3ProxyServer;
import dev.backstop.wiring.Wiring;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged object's error names the checksum the stored object really has, as {@code sha256sum} computes it. */
final class DamagedObjectMessageTest {

    private static final Pattern STORED = Pattern.compile("stored object (?:has \\d+ bytes with )?sha256 ([0-9a-f]{64})");

    @TempDir
    Path dir;

    @Test
    void a_damaged_local_object_is_reported_with_its_real_sha256() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(300);
        try (Services services = world.services()) {
            BackupRecord backup = services.backups().backup("app", "tester", Progress.NONE);
            Path object = dir.resolve("backups").resolve(backup.objectKey());
            long size = Files.size(object);
            for (long position : new long[] {40, size / 2, size - 1}) {
                flip(object, position);
                String message = assertThrows(BackstopException.class, () -> services.restores()
                        .verify(backup, "tester", Progress.NONE)).getMessage();
                assertTrue(message.contains("is damaged"), message);
                assertEquals(sha256sum(object), storedSha256(message), "damage at byte " + position + ": " + message);
                flip(object, position);
            }
        }
    }

    @Test
    void a_damaged_s3_object_is_reported_with_its_real_sha256() throws Exception {
        S3ProxyServer server = S3ProxyServer.shared();
        String bucket = server.createBucket();
        TestWorld world = new TestWorld(dir);
        world.createDatabase(300);
        BackstopConfig config = new BackstopConfig(world.config.file(), world.config.catalog(), server.storage(bucket),
                world.config.encryption(), world.config.slack(), world.config.httpPort(), world.config.databases());
        try (Services services = Wiring.services(config, Clock.systemUTC())) {
            BackupRecord backup = services.backups().backup("app", "tester", Progress.NONE);
            byte[] damaged = server.read(bucket, backup.objectKey());
            damaged[damaged.length / 2] ^= 1;
            server.write(bucket, backup.objectKey(), damaged);
            Path copy = Files.write(dir.resolve("damaged.age"), damaged);

            String message = assertThrows(BackstopException.class, () -> services.restores()
                    .restore(backup, dir.resolve("out.db").toString(), "tester", Progress.NONE)).getMessage();

            assertTrue(message.contains("is damaged"), message);
            assertEquals(sha256sum(copy), storedSha256(message), message);
            assertTrue(message.contains(backup.sha256()), message);
        }
    }

    private static String storedSha256(String message) {
        Matcher found = STORED.matcher(message);
        assertTrue(found.find(), message);
        return found.group(1);
    }

    private static void flip(Path file, long position) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) (one.get(0) ^ 1)).rewind();
            channel.write(one, position);
        }
    }

    private static String sha256sum(Path file) throws Exception {
        Process process = new ProcessBuilder("sha256sum", file.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        return output.substring(0, 64);
    }
}
