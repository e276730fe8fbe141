package dev.backstop.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The writer of a multipart upload learns of a failed part, and neither it nor a cancel waits forever. */
class PartSenderTest {

    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final String KEY = "app/2026/12/01/x.zst.age";

    private final RecordingParts recorded = new RecordingParts();

    /** A part upload that takes no notice of interrupts, like a request stuck on a socket, until released. */
    private static final class DeafParts extends ForwardingParts {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        DeafParts(MultipartTarget target) {
            super(target);
        }

        @Override
        public Part uploadPart(String key, String uploadId, int number, byte[] bytes, int length) throws IOException {
            reached.countDown();
            boolean interrupted = false;
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return super.uploadPart(key, uploadId, number, bytes, length);
        }
    }

    @Test
    void parts_are_stored_in_order_and_their_buffers_handed_back() {
        assertTimeoutPreemptively(BOUND, () -> {
            PartSender sender = new PartSender(recorded, KEY, "upload-1");
            byte[] first = new byte[10];
            byte[] second = new byte[10];
            assertNull(sender.send(first, 10));
            assertEquals(first, sender.send(second, 4));
            assertEquals(List.of(new MultipartTarget.Part(1, "etag-1"), new MultipartTarget.Part(2, "etag-2")),
                    sender.finish());
        });
    }

    @Test
    void a_part_that_failed_while_the_writer_filled_the_next_is_thrown_at_the_next_send() {
        FlakyParts flaky = new FlakyParts(recorded).failPart(1, 1);
        assertTimeoutPreemptively(BOUND, () -> {
            PartSender sender = new PartSender(flaky, KEY, "upload-1");
            sender.send(new byte[10], 10);
            IOException failure = assertThrows(IOException.class, () -> sender.send(new byte[10], 10));
            assertEquals("injected failure of part 1 of " + KEY, failure.getMessage());
            sender.cancel();
            assertEquals(List.of(), recorded.requests());
        });
    }

    @Test
    void a_failed_last_part_fails_finish() {
        FlakyParts flaky = new FlakyParts(recorded).failPart(2, 1);
        assertTimeoutPreemptively(BOUND, () -> {
            PartSender sender = new PartSender(flaky, KEY, "upload-1");
            sender.send(new byte[10], 10);
            sender.send(new byte[10], 10);
            IOException failure = assertThrows(IOException.class, sender::finish);
            assertEquals("injected failure of part 2 of " + KEY, failure.getMessage());
        });
    }

    @Test
    void when_a_part_failed_and_the_writer_gives_up_cancel_returns_at_once() {
        FlakyParts flaky = new FlakyParts(recorded).failPart(1, 1);
        assertTimeoutPreemptively(BOUND, () -> {
            PartSender sender = new PartSender(flaky, KEY, "upload-1");
            sender.send(new byte[10], 10);
            assertThrows(IOException.class, sender::finish);
            sender.cancel();
            assertEquals(1, flaky.partCalls());
        });
    }

    @Test
    void an_interrupted_writer_stops_waiting_and_cancel_stops_the_part_in_flight() {
        GatedParts gate = new GatedParts(recorded);
        assertTimeoutPreemptively(BOUND, () -> {
            PartSender sender = new PartSender(gate, KEY, "upload-1");
            CompletableFuture<Throwable> writerSaw = new CompletableFuture<>();
            Thread writer = new Thread(() -> {
                try {
                    sender.send(new byte[10], 10);
                    gate.awaitStarted();
                    Thread.currentThread().interrupt();
                    sender.send(new byte[10], 10);
                    writerSaw.complete(null);
                } catch (IOException | InterruptedException failed) {
                    sender.cancel();
                    writerSaw.complete(failed);
                }
            }, "test-writer");
            writer.start();
            Throwable failure = writerSaw.get();
            assertEquals(InterruptedIOException.class, failure.getClass());
            assertEquals(1, gate.awaitInterrupted());
            assertEquals(List.of(), recorded.requests());
        });
    }

    @Test
    void cancel_gives_up_on_a_part_that_ignores_its_interrupt_after_the_cancel_wait() {
        DeafParts deaf = new DeafParts(recorded);
        assertTimeoutPreemptively(BOUND, () -> {
            PartSender sender = new PartSender(deaf, KEY, "upload-1", Duration.ofMillis(200));
            sender.send(new byte[10], 10);
            deaf.reached.await();
            sender.cancel();
            deaf.release.countDown();
        });
        assertTrue(PartSender.CANCEL_WAIT.compareTo(S3Timeouts.STANDARD.attempt()) > 0,
                "cancel waits for a part at least as long as the part's own time limit");
    }
}
