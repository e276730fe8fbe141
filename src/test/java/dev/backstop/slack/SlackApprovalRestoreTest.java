package dev.backstop.slack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.approval.ApprovalState;
import dev.backstop.core.BackupRecord;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Production restores in Slack from the approving vote on: the restore in the request's thread, exactly once. */
class SlackApprovalRestoreTest extends SlackHarnessFixture {

    private ApprovalDriver start() throws Exception {
        harness = new SlackHarness(root, true);
        return new ApprovalDriver(harness);
    }

    private List<FakeSlackApi.Call> threadPosts(ApprovalDriver.Posted card) {
        return harness.slack.calls("chat.postMessage").stream()
                .filter(call -> call.field("thread_ts").equals(card.ts())).toList();
    }

    /** Waits for a message in the card's thread; only the card and that message are posted in these tests. */
    private FakeSlackApi.Call awaitThread(ApprovalDriver.Posted card, String text) throws Exception {
        return harness.slack.await(ApprovalDriver.WAIT, call -> {
            boolean threadPost = call.method().equals("chat.postMessage") && call.field("thread_ts").equals(card.ts());
            boolean threadUpdate = call.method().equals("chat.update") && !call.field("ts").equals(card.ts())
                    && !threadPosts(card).isEmpty();
            return (threadPost || threadUpdate) && call.field("text").contains(text);
        });
    }

    private long restoresAudited() {
        return harness.services.catalog().auditLog(200).stream()
                .filter(entry -> entry.action().equals("restore") && entry.outcome().equals("succeeded")).count();
    }

    @Test
    void a_reaction_and_a_button_approve_and_the_restore_reports_in_the_thread() throws Exception {
        ApprovalDriver slack = start();
        Path target = root.resolve("restored.db");
        ApprovalDriver.Posted card = slack.ask("app latest --to " + target, "U9");

        assertEquals(200, slack.react("EvApprove", "U2", "white_check_mark", card.ts()).statusCode());
        slack.awaitCard(card, "*Approvals:* 1 of 2: <@U2>");
        assertFalse(Files.exists(target));
        long start = System.nanoTime();
        assertEquals(200, slack.press(BlockKit.APPROVE, card, "U3").statusCode());
        long ackMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ackMillis < 3000, "acked after " + ackMillis + " ms");

        FakeSlackApi.Call restoring = slack.awaitCard(card, "*State:* approved");
        assertTrue(restoring.field("text").contains("restoring now; progress in the thread"), restoring.field("text"));
        FakeSlackApi.Call done = awaitThread(card, "done: backup `");
        assertTrue(done.field("text").contains("restored to `" + target + "`"), done.field("text"));
        FakeSlackApi.Call executed = slack.awaitCard(card, "*State:* executed");
        assertTrue(executed.field("text").contains("*Approvals:* 2 of 2: <@U2>, <@U3>"), executed.field("text"));
        assertTrue(executed.field("text").contains(":white_check_mark: backup `"), executed.field("text"));
        assertFalse(executed.field("blocks").contains(BlockKit.APPROVE), executed.field("blocks"));
        assertEquals(TestWorld.rowCounts(harness.world.database), TestWorld.rowCounts(target));
        assertEquals(1, threadPosts(card).size());
        assertEquals(1, restoresAudited());
    }

    @Test
    void concurrent_completing_votes_run_the_restore_once() throws Exception {
        ApprovalDriver slack = start();
        Path target = root.resolve("restored.db");
        ApprovalDriver.Posted card = slack.ask("app latest --to " + target, "U9");
        slack.press(BlockKit.APPROVE, card, "U1");
        slack.awaitCard(card, "*Approvals:* 1 of 2");

        ExecutorService voters = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<HttpResponse<String>>> votes = List.of(
                () -> slack.press(BlockKit.APPROVE, card, "U2"),
                () -> slack.press(BlockKit.APPROVE, card, "U3"),
                () -> slack.react("EvU2", "U2", "white_check_mark", card.ts()),
                () -> slack.react("EvU3", "U3", "white_check_mark", card.ts()));
        List<Future<HttpResponse<String>>> acks = new ArrayList<>();
        for (Callable<HttpResponse<String>> vote : votes) {
            acks.add(voters.submit(() -> {
                go.await();
                return vote.call();
            }));
        }
        go.countDown();
        for (Future<HttpResponse<String>> ack : acks) {
            assertEquals(200, ack.get().statusCode());
        }
        voters.shutdown();

        awaitThread(card, "done: backup `");
        slack.awaitCard(card, "*State:* executed");
        harness.awaitQuiet();
        assertEquals(1, restoresAudited());
        assertEquals(1, threadPosts(card).size());
        assertEquals(ApprovalState.EXECUTED, harness.services.approvals().find(card.requestId()).orElseThrow().state());
        assertEquals(TestWorld.rowCounts(harness.world.database), TestWorld.rowCounts(target));
    }

    @Test
    void a_redelivered_reaction_event_votes_once() throws Exception {
        ApprovalDriver slack = start();
        ApprovalDriver.Posted card = slack.ask("app latest --to " + root.resolve("restored.db"), "U9");
        String event = ApprovalDriver.reaction("EvRetried", "U2", "white_check_mark", card.ts());

        assertEquals(200, slack.signed(event, "application/json", Map.of()).statusCode());
        assertEquals(200, slack.signed(event, "application/json", Map.of("X-Slack-Retry-Num", "1",
                "X-Slack-Retry-Reason", "http_timeout")).statusCode());
        assertEquals(200, slack.signed(event, "application/json", Map.of("X-Slack-Retry-Num", "2",
                "X-Slack-Retry-Reason", "http_timeout")).statusCode());

        slack.awaitCard(card, "*Approvals:* 1 of 2: <@U2>");
        harness.awaitQuiet();
        assertEquals(1, slack.cardUpdates(card).size());
        assertEquals(List.of(), harness.slack.calls("chat.postEphemeral"), "no 'already voted' note either");
        assertEquals(1, harness.services.catalog().auditLog(200).stream()
                .filter(entry -> entry.action().equals("restore.vote")).count());
    }

    @Test
    void an_unsigned_reaction_is_refused_and_does_not_count_as_delivered() throws Exception {
        ApprovalDriver slack = start();
        ApprovalDriver.Posted card = slack.ask("app latest --to " + root.resolve("restored.db"), "U9");
        String event = ApprovalDriver.reaction("EvForged", "U2", "white_check_mark", card.ts());

        assertEquals(401, harness.post(event, "application/json", Map.of()).statusCode());
        harness.awaitQuiet();
        assertEquals(List.of(), slack.cardUpdates(card));
        assertEquals(200, slack.signed(event, "application/json", Map.of("X-Slack-Retry-Num", "1")).statusCode());

        slack.awaitCard(card, "*Approvals:* 1 of 2: <@U2>");
    }

    @Test
    void a_request_survives_a_restart_between_the_votes() throws Exception {
        ApprovalDriver slack = start();
        Path target = root.resolve("restored.db");
        ApprovalDriver.Posted card = slack.ask("app latest --to " + target, "U9");
        slack.press(BlockKit.APPROVE, card, "U2");
        slack.awaitCard(card, "*Approvals:* 1 of 2: <@U2>");

        harness = harness.restart();
        ApprovalDriver restarted = new ApprovalDriver(harness);
        assertEquals(200, restarted.react("EvAfterRestart", "U3", "white_check_mark", card.ts()).statusCode());

        awaitThread(card, "done: backup `");
        restarted.awaitCard(card, "*State:* executed");
        assertEquals(TestWorld.rowCounts(harness.world.database), TestWorld.rowCounts(target));
    }

    @Test
    void a_backup_whose_object_changed_after_the_request_is_refused_in_the_thread() throws Exception {
        ApprovalDriver slack = start();
        Path target = root.resolve("restored.db");
        Files.writeString(target, "previous contents");
        ApprovalDriver.Posted card = slack.ask("app latest --to " + target, "U9");
        BackupRecord backup = harness.services.catalog().list("app", 1).get(0);
        try (RandomAccessFile object = new RandomAccessFile(root.resolve("backups").resolve(backup.objectKey().toString())
                .toFile(), "rw")) {
            object.seek(100);
            int original = object.read();
            object.seek(100);
            object.write(original ^ 1);
        }

        slack.press(BlockKit.APPROVE, card, "U2");
        slack.awaitCard(card, "*Approvals:* 1 of 2");
        slack.react("EvLast", "U3", "white_check_mark", card.ts());

        FakeSlackApi.Call refused = awaitThread(card, "did not run: ");
        assertTrue(refused.field("text").startsWith(":x: Restore of *app* for request `" + card.requestId() + "`"),
                refused.field("text"));
        assertTrue(refused.field("text").contains("damaged"), refused.field("text"));
        assertFalse(refused.field("text").contains("\n"), "one line: " + refused.field("text"));
        slack.awaitCard(card, "*State:* failed");
        assertArrayEquals("previous contents".getBytes(), Files.readAllBytes(target));
        assertEquals(ApprovalState.FAILED, harness.services.approvals().find(card.requestId()).orElseThrow().state());
        assertEquals(0, restoresAudited());
    }
}
