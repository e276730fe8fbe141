package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStream;
import dev.backstop.core.BackupId;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.ObjectKey;
import dev.backstop.core.Progress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Turning a stored object back into its dump never leaves either of its two threads waiting forever. */
class DumpStreamTest {

    private static final Duration BOUND = Duration.ofSeconds(5);
    /** A dump of exactly the pipe's capacity (16 chunks of 64 KiB), so decoding it fills the queue. */
    private static final int QUEUE_FULL = 16 << 16;

    @TempDir
    Path dir;

    private final AgeCrypto.AgeKey key = AgeCrypto.generate();

    private record Stored(Path object, BackupRecord backup) {
    }

    /**
     * Stores a {@code size}-byte dump as age over zstd; with {@code damaged} the zstd stream goes on
     * past the dump with bytes that are not zstd, so decoding fails only after the whole dump is out.
     */
    private Stored store(int size, boolean damaged) throws Exception {
        byte[] dump = new byte[size];
        new Random(11).nextBytes(dump);
        ByteArrayOutputStream zstd = new ByteArrayOutputStream();
        try (ZstdOutputStream compressed = new ZstdOutputStream(zstd)) {
            compressed.write(dump);
        }
        if (damaged) {
            zstd.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        }
        ByteArrayOutputStream object = new ByteArrayOutputStream();
        try (OutputStream encrypted = AgeCrypto.encrypt(object, List.of(key.recipient()))) {
            zstd.writeTo(encrypted);
        }
        Path file = dir.resolve("object.age");
        Files.write(file, object.toByteArray());
        String objectSha = sha256(object.toByteArray());
        BackupRecord backup = BackupRecord.started(BackupId.next(Clock.systemUTC()), "app", "sqlite",
                new ObjectKey("app/x.age"), new ObjectKey("app/x.json"), "tester")
                .succeeded(java.time.Instant.now(), object.size(), objectSha, size, sha256(dump));
        return new Stored(file, backup);
    }

    private DumpStream stream(Stored stored) {
        return new DumpStream(stored.backup(), dir.resolve("age.key"), List.of(key.identity()));
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    /** Waits until the decoding thread has ended, as a consumer slower than the decoder would find it. */
    private static void awaitDecoderEnd() throws InterruptedIOException {
        awaitEnd("backstop-decode");
    }

    /** Waits until every thread called {@code name} has ended. */
    private static void awaitEnd(String name) throws InterruptedIOException {
        try {
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().equals(name)) {
                    thread.join();
                }
            }
        } catch (InterruptedException interrupted) {
            throw new InterruptedIOException("interrupted while waiting for " + name);
        }
    }

    private static boolean running(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals(name) && thread.isAlive());
    }

    /** {@code stored} with one byte of its object flipped at {@code offset}; the catalog still has the intact object's hash. */
    private static Stored flipped(Stored stored, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(stored.object());
        bytes[(int) offset] ^= 0x40;
        Files.write(stored.object(), bytes);
        return stored;
    }

    /** Reads the dump slowly, a millisecond per 64 KiB, so both pipes fill up behind it. */
    private static long readSlowly(InputStream dump) throws IOException {
        byte[] block = new byte[1 << 16];
        long total = 0;
        for (int read = dump.read(block); read >= 0; read = dump.read(block)) {
            total += read;
            try {
                Thread.sleep(1);
            } catch (InterruptedException interrupted) {
                throw new InterruptedIOException("interrupted");
            }
        }
        return total;
    }

    @Test
    void the_object_is_hashed_on_a_thread_of_its_own_while_the_dump_streams() throws Exception {
        Stored stored = store(4 * QUEUE_FULL, false);
        assertTimeoutPreemptively(BOUND, () -> {
            boolean[] reading = new boolean[1];
            stream(stored).read(stored.object(), true, false, Progress.NONE, dump -> {
                reading[0] = running("backstop-read-object");
                dump.transferTo(OutputStream.nullOutputStream());
            });
            assertTrue(reading[0], "no thread of its own read the object");
            assertFalse(running("backstop-read-object"));
        });
    }

    @Test
    void a_slow_consumer_gets_the_whole_dump_and_every_thread_ends() throws Exception {
        Stored stored = store(6 * QUEUE_FULL + 3, false);
        assertTimeoutPreemptively(BOUND, () -> {
            long[] read = new long[1];
            stream(stored).read(stored.object(), true, false, Progress.NONE, dump -> read[0] = readSlowly(dump));
            assertEquals(6L * QUEUE_FULL + 3, read[0]);
            awaitEnd("backstop-read-object");
            awaitDecoderEnd();
        });
    }

    @Test
    void an_object_damaged_in_its_middle_is_reported_as_damaged_to_a_slow_consumer() throws Exception {
        Stored stored = store(6 * QUEUE_FULL, false);
        flipped(stored, stored.backup().sizeBytes() / 2);
        assertTimeoutPreemptively(BOUND, () -> {
            ChecksumMismatchException failure = assertThrows(ChecksumMismatchException.class,
                    () -> stream(stored).read(stored.object(), true, false, Progress.NONE, DumpStreamTest::readSlowly));
            assertTrue(failure.getMessage().startsWith("stored object sha256 "), failure.getMessage());
            awaitEnd("backstop-read-object");
            awaitDecoderEnd();
        });
    }

    @Test
    void an_object_longer_than_recorded_fails_on_the_reading_thread_and_reaches_the_consumer() throws Exception {
        Stored intact = store(2 * QUEUE_FULL, false);
        Files.write(intact.object(), new byte[3 * QUEUE_FULL], java.nio.file.StandardOpenOption.APPEND);
        assertTimeoutPreemptively(BOUND, () -> {
            ChecksumMismatchException failure = assertThrows(ChecksumMismatchException.class,
                    () -> stream(intact).read(intact.object(), true, false, Progress.NONE,
                            dump -> dump.transferTo(OutputStream.nullOutputStream())));
            assertTrue(failure.getMessage().contains("is longer than the"), failure.getMessage());
            awaitEnd("backstop-read-object");
        });
    }

    @Test
    void a_consumer_that_fails_stops_the_reading_thread_too() throws Exception {
        Stored stored = store(8 * QUEUE_FULL, false);
        assertTimeoutPreemptively(BOUND, () -> {
            IOException failure = assertThrows(IOException.class,
                    () -> stream(stored).read(stored.object(), true, false, Progress.NONE, dump -> {
                        dump.readNBytes(1000);
                        throw new IOException("the target disk is full");
                    }));
            assertEquals("the target disk is full", failure.getMessage());
            assertFalse(running("backstop-read-object"));
            awaitDecoderEnd();
        });
    }

    @Test
    void a_damaged_object_reaches_a_consumer_slower_than_the_decoder() throws Exception {
        Stored stored = store(QUEUE_FULL, true);
        assertTimeoutPreemptively(BOUND, () -> {
            IOException failure = assertThrows(IOException.class,
                    () -> stream(stored).read(stored.object(), true, false, Progress.NONE, dump -> {
                        awaitDecoderEnd();
                        dump.transferTo(OutputStream.nullOutputStream());
                    }));
            assertTrue(failure.getMessage().contains("Unknown frame descriptor"), failure.getMessage());
        });
    }

    @Test
    void a_consumer_that_fails_stops_the_decoder() throws Exception {
        Stored stored = store(4 * QUEUE_FULL, false);
        assertTimeoutPreemptively(BOUND, () -> {
            IOException failure = assertThrows(IOException.class,
                    () -> stream(stored).read(stored.object(), true, false, Progress.NONE, dump -> {
                        dump.readNBytes(1000);
                        throw new IOException("the target disk is full");
                    }));
            assertEquals("the target disk is full", failure.getMessage());
            awaitDecoderEnd();
        });
    }

    @Test
    void when_both_fail_the_damage_is_reported() throws Exception {
        Stored stored = store(QUEUE_FULL, true);
        assertTimeoutPreemptively(BOUND, () -> {
            IOException failure = assertThrows(IOException.class,
                    () -> stream(stored).read(stored.object(), true, false, Progress.NONE, dump -> {
                        awaitDecoderEnd();
                        dump.readNBytes(1000);
                        throw new IOException("the target disk is full");
                    }));
            assertTrue(failure.getMessage().contains("Unknown frame descriptor"), failure.getMessage());
        });
    }

    @Test
    void an_interrupted_consumer_ends_the_read_and_the_decoder() throws Exception {
        Stored stored = store(4 * QUEUE_FULL, false);
        assertTimeoutPreemptively(BOUND, () -> {
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread consumer = new Thread(() -> {
                try {
                    stream(stored).read(stored.object(), true, false, Progress.NONE, dump -> {
                        Thread.currentThread().interrupt();
                        dump.transferTo(OutputStream.nullOutputStream());
                    });
                    outcome.complete(null);
                } catch (IOException | RuntimeException failed) {
                    outcome.complete(failed);
                }
            }, "test-consumer");
            consumer.start();
            Throwable failure = outcome.get();
            assertEquals(InterruptedIOException.class, failure.getClass());
            awaitDecoderEnd();
        });
    }

    @Test
    void an_intact_object_streams_its_whole_dump() throws Exception {
        Stored stored = store(3 * QUEUE_FULL + 17, false);
        assertTimeoutPreemptively(BOUND, () -> {
            long[] read = new long[1];
            stream(stored).read(stored.object(), true, false, Progress.NONE,
                    (InputStream dump) -> read[0] = dump.transferTo(OutputStream.nullOutputStream()));
            assertEquals(3L * QUEUE_FULL + 17, read[0]);
        });
    }

    /** The stored object of {@code stored} with the catalog recording {@code rawSize} and {@code rawSha256} for its dump. */
    private static Stored recording(Stored stored, long rawSize, String rawSha256) {
        BackupRecord backup = stored.backup();
        return new Stored(stored.object(), BackupRecord.started(BackupId.next(Clock.systemUTC()), "app", "sqlite",
                new ObjectKey("app/x.age"), new ObjectKey("app/x.json"), "tester")
                .succeeded(java.time.Instant.now(), backup.sizeBytes(), backup.sha256(), rawSize, rawSha256));
    }

    @Test
    void a_restore_without_the_dump_hash_still_refuses_a_dump_of_another_size() throws Exception {
        Stored intact = store(QUEUE_FULL + 5, false);
        Stored stored = recording(intact, QUEUE_FULL + 6, intact.backup().rawSha256());
        assertTimeoutPreemptively(BOUND, () -> {
            ChecksumMismatchException failure = assertThrows(ChecksumMismatchException.class,
                    () -> stream(stored).read(stored.object(), true, false, Progress.NONE,
                            dump -> dump.transferTo(OutputStream.nullOutputStream())));
            assertTrue(failure.getMessage().contains("were recorded"), failure.getMessage());
        });
    }

    @Test
    void only_a_read_that_hashes_the_dump_compares_its_sha256_with_the_catalog() throws Exception {
        Stored intact = store(QUEUE_FULL + 5, false);
        Stored stored = recording(intact, QUEUE_FULL + 5, "0".repeat(64));
        assertTimeoutPreemptively(BOUND, () -> {
            ChecksumMismatchException failure = assertThrows(ChecksumMismatchException.class,
                    () -> stream(stored).read(stored.object(), true, true, Progress.NONE,
                            dump -> dump.transferTo(OutputStream.nullOutputStream())));
            assertTrue(failure.getMessage().contains("differs from the recorded"), failure.getMessage());
            long[] read = new long[1];
            stream(stored).read(stored.object(), true, false, Progress.NONE,
                    dump -> read[0] = dump.transferTo(OutputStream.nullOutputStream()));
            assertEquals(QUEUE_FULL + 5L, read[0]);
        });
    }
}
