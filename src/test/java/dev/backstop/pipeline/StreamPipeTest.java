package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Whichever side of a pipe fails or is interrupted, the other side learns of it and neither waits forever. */
class StreamPipeTest {

    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final int CHUNK = 1 << 16;
    /** What fills the pipe's queue exactly: 16 chunks of 64 KiB. */
    private static final int QUEUE_FULL = 16;

    @Test
    void the_reader_gets_every_byte_and_then_the_end() {
        byte[] data = new byte[3 * CHUNK + 123];
        new Random(7).nextBytes(data);
        assertTimeoutPreemptively(BOUND, () -> {
            StreamPipe pipe = new StreamPipe();
            var production = pipe.produce("test-writer", sink -> {
                sink.write(data);
                return data.length;
            });
            byte[] read;
            try (InputStream source = pipe.source()) {
                read = source.readAllBytes();
            }
            assertEquals(data.length, StreamPipe.join(production, null));
            assertArrayEquals(data, read);
        });
    }

    @Test
    void a_writer_that_fails_with_the_queue_full_still_reaches_a_slow_reader() {
        assertTimeoutPreemptively(BOUND, () -> {
            StreamPipe pipe = new StreamPipe();
            var production = pipe.produce("test-writer", sink -> {
                for (int chunk = 0; chunk < QUEUE_FULL; chunk++) {
                    sink.write(new byte[CHUNK]);
                }
                throw new IOException("the source went away");
            });
            // The reader is slow: it starts only once the writer has filled the queue and failed.
            production.result().handle((value, failure) -> null).get();
            IOException failure;
            try (InputStream source = pipe.source()) {
                failure = assertThrows(IOException.class, source::readAllBytes);
            }
            assertEquals("the source went away", failure.getMessage());
            IOException joined = assertThrows(IOException.class, () -> StreamPipe.join(production, failure));
            assertEquals("the source went away", joined.getMessage());
        });
    }

    @Test
    void a_reader_that_fails_stops_a_writer_that_is_not_writing() {
        CountDownLatch neverOpened = new CountDownLatch(1);
        assertTimeoutPreemptively(BOUND, () -> {
            StreamPipe pipe = new StreamPipe();
            var production = pipe.produce("test-writer", sink -> {
                sink.write(new byte[CHUNK]);
                neverOpened.await();
                return 0;
            });
            IOException readerFailure = new IOException("the store refused the upload");
            try (InputStream source = pipe.source()) {
                assertEquals(0, source.read());
            }
            IOException joined = assertThrows(IOException.class, () -> StreamPipe.join(production, readerFailure));
            assertEquals("the store refused the upload", joined.getMessage());
            production.thread().join();
        });
    }

    @Test
    void a_reader_that_fails_stops_a_writer_blocked_on_the_full_queue() {
        assertTimeoutPreemptively(BOUND, () -> {
            StreamPipe pipe = new StreamPipe();
            var production = pipe.produce("test-writer", sink -> {
                while (true) {
                    sink.write(new byte[CHUNK]);
                }
            });
            IOException readerFailure = new IOException("the store refused the upload");
            try (InputStream source = pipe.source()) {
                assertEquals(0, source.read());
            }
            IOException joined = assertThrows(IOException.class, () -> StreamPipe.join(production, readerFailure));
            assertEquals("the store refused the upload", joined.getMessage());
            production.thread().join();
        });
    }

    @Test
    void when_both_sides_fail_the_writers_failure_is_the_one_reported() {
        assertTimeoutPreemptively(BOUND, () -> {
            StreamPipe pipe = new StreamPipe();
            var production = pipe.produce("test-writer", sink -> {
                for (int chunk = 0; chunk < QUEUE_FULL; chunk++) {
                    sink.write(new byte[CHUNK]);
                }
                throw new IOException("the source went away");
            });
            production.result().handle((value, failure) -> null).get();
            try (InputStream source = pipe.source()) {
                assertEquals(0, source.read());
            }
            IOException joined = assertThrows(IOException.class,
                    () -> StreamPipe.join(production, new IOException("the upload was cut")));
            assertEquals("the source went away", joined.getMessage());
        });
    }

    @Test
    void an_interrupted_reader_stops_waiting_and_stops_the_writer() {
        CountDownLatch neverOpened = new CountDownLatch(1);
        assertTimeoutPreemptively(BOUND, () -> {
            StreamPipe pipe = new StreamPipe();
            var production = pipe.produce("test-writer", sink -> {
                neverOpened.await();
                return 0;
            });
            CompletableFuture<Throwable> readerSaw = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                Exception readerFailure = null;
                try (InputStream source = pipe.source()) {
                    source.read();
                } catch (IOException failed) {
                    readerFailure = failed;
                }
                try {
                    StreamPipe.join(production, readerFailure);
                    readerSaw.complete(null);
                } catch (IOException | RuntimeException joined) {
                    readerSaw.complete(joined);
                }
            }, "test-reader");
            reader.start();
            reader.interrupt();
            Throwable failure = readerSaw.get();
            assertEquals(InterruptedIOException.class, failure.getClass());
            production.thread().join();
            assertFalse(production.thread().isAlive());
        });
    }
}
