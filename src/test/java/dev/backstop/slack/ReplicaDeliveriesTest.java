package dev.backstop.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.catalog.Catalog;
import dev.backstop.chat.ChatRequest;
import dev.backstop.chat.Confirmation;
import dev.backstop.chat.Job;
import dev.backstop.chat.Reply;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas, each with its own catalog instance on the same file, getting the same Confirm click, Slack
 * event or signed request at the same moment, on real threads: each is handled by exactly one.
 */
class ReplicaDeliveriesTest {

    private static final int ROUNDS = 50;

    @TempDir
    Path dir;

    private final FastForwardClock clock = new FastForwardClock();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private Catalog first;
    private Catalog second;

    @BeforeEach
    void open() {
        first = Catalog.open(dir.resolve("catalog.db"));
        second = Catalog.open(dir.resolve("catalog.db"));
    }

    @AfterEach
    void close() {
        pool.shutdownNow();
        first.close();
        second.close();
    }

    /** Runs both at once, released together by a barrier; how many answered true. */
    private int raceTrue(Callable<Boolean> one, Callable<Boolean> other) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Boolean>> answers = new ArrayList<>();
        for (Callable<Boolean> each : List.of(one, other)) {
            answers.add(pool.submit(() -> {
                start.await();
                return each.call();
            }));
        }
        int yes = 0;
        for (Future<Boolean> answer : answers) {
            yes += answer.get() ? 1 : 0;
        }
        return yes;
    }

    @Test
    void a_confirm_token_made_on_one_replica_is_taken_exactly_once_by_two_racing() throws Exception {
        Confirmations asked = new Confirmations(first, clock);
        Confirmations other = new Confirmations(second, clock);
        ChatRequest replay = new ChatRequest("/restore", "app B1 --to ./restored/app.db", "U1", "C1");
        Confirmation confirmation = new Confirmation(Reply.privately(":question: Restore?"), "Restore", "U1",
                new Job("Restore of *app*", Reply.publicly("started"), progress -> Reply.publicly("done")), replay);
        for (int round = 0; round < ROUNDS; round++) {
            String token = asked.hold(confirmation, "C1");
            Confirmations.Pending seen = other.peek(token).orElseThrow();
            assertEquals(new Confirmations.Pending(replay, "U1", "C1"), seen, "the other replica can rebuild the job");

            assertEquals(1, raceTrue(() -> asked.take(token), () -> other.take(token)), "round " + round);
            assertTrue(other.peek(token).isEmpty());
        }
    }

    @Test
    void a_confirm_token_expires_for_every_replica() {
        String token = new Confirmations(first, clock).hold(new Confirmation(Reply.privately("?"), "Restore", "U1",
                new Job("t", Reply.publicly("s"), progress -> Reply.publicly("d")),
                new ChatRequest("/restore", "app B1", "U1", "C1")), "C1");
        clock.fastForward(Confirmations.TTL);
        Confirmations other = new Confirmations(second, clock);
        assertTrue(other.peek(token).isEmpty());
        assertFalse(other.take(token));
    }

    @Test
    void the_same_event_delivered_to_two_replicas_is_handled_once() throws Exception {
        EventDeliveries one = new EventDeliveries(first, clock);
        EventDeliveries other = new EventDeliveries(second, clock);
        for (int round = 0; round < ROUNDS; round++) {
            String eventId = "Ev" + round;
            assertEquals(1, raceTrue(() -> one.firstDelivery(eventId), () -> other.firstDelivery(eventId)),
                    "round " + round);
            assertFalse(other.firstDelivery(eventId), "a later retry to either replica is dropped too");
        }
    }

    @Test
    void the_same_signed_request_sent_to_two_replicas_is_accepted_once() throws Exception {
        SeenSignatures one = new SeenSignatures(first, clock);
        SeenSignatures other = new SeenSignatures(second, clock);
        Instant stamped = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        for (int round = 0; round < ROUNDS; round++) {
            String signature = "v0=" + Integer.toHexString(round * 7919);
            assertEquals(1, raceTrue(() -> one.firstTime(signature, stamped), () -> other.firstTime(signature, stamped)),
                    "round " + round);
        }
    }
}
