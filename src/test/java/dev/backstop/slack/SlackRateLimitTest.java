package dev.backstop.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Slack answering 429 (with a one-second Retry-After, really waited) loses no alert, job result or card. */
class SlackRateLimitTest extends SlackHarnessFixture {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private String metric() throws Exception {
        return harness.get("/metrics").body().lines()
                .filter(line -> line.startsWith("backstop_slack_messages_unsent_total")).findFirst().orElseThrow();
    }

    @Test
    void an_alert_slack_rate_limits_is_posted_after_the_retry_after() throws Exception {
        harness = new SlackHarness(root, false);
        harness.slack.rateLimit("chat.postMessage", 1, 1);
        long start = System.nanoTime();

        harness.bot.notifier().post("#ops", ":red_circle: *backup.failed* `app`: disk full");

        assertTrue(System.nanoTime() - start >= Duration.ofSeconds(1).toNanos(), "waited the Retry-After");
        assertEquals(List.of(Duration.ofSeconds(1)), harness.waits);
        assertEquals(1, harness.slack.rateLimited("chat.postMessage"));
        FakeSlackApi.Call posted = harness.slack.calls("chat.postMessage").get(0);
        assertEquals(":red_circle: *backup.failed* `app`: disk full", posted.field("text"));
        assertEquals("backstop_slack_messages_unsent_total 0.0", metric());
    }

    @Test
    void a_backup_result_slack_rate_limits_still_replaces_the_progress_message() throws Exception {
        harness = new SlackHarness(root, false);
        harness.slack.rateLimit("chat.update", call -> call.field("text").contains("done"), 1, 1);

        assertEquals(200, harness.command("/backup", "app", "U1").statusCode());

        FakeSlackApi.Call done = harness.slack.await(WAIT, call -> call.method().equals("chat.update")
                && call.field("text").contains("done: id"));
        assertEquals("1700000000.000001", done.field("ts"));
        assertEquals(1, harness.slack.rateLimited("chat.update"));
        assertEquals(List.of(Duration.ofSeconds(1)), harness.waits);
        assertEquals("backstop_slack_messages_unsent_total 0.0", metric());
    }

    @Test
    void a_restore_request_card_slack_rate_limits_is_posted_and_takes_votes() throws Exception {
        harness = new SlackHarness(root, true);
        harness.slack.rateLimit("chat.postMessage", 1, 1);
        ApprovalDriver slack = new ApprovalDriver(harness);

        ApprovalDriver.Posted card = slack.ask("app latest --to " + root.resolve("restored.db"), "U9");
        slack.press(BlockKit.APPROVE, card, "U1");

        slack.awaitCard(card, "*Approvals:* 1 of 2: <@U1>");
        assertEquals(1, harness.slack.rateLimited("chat.postMessage"));
    }

    @Test
    void a_message_slack_will_not_take_in_time_is_counted_in_metrics_and_logged_in_one_line() throws Exception {
        harness = new SlackHarness(root, false);
        harness.slack.rateLimit("chat.postMessage", 1, 600);

        try (CapturedLog log = new CapturedLog(WebApiCalls.class)) {
            assertThrows(IOException.class, () -> harness.bot.notifier().post("#ops", "backup.stale"));

            assertEquals(1, log.records().size());
            String line = log.messages().get(0);
            assertEquals("Slack message not sent: chat.postMessage to #ops was rate limited by Slack on 1 try; it asked"
                    + " to wait 600 s more after 0 s, and Backstop waits at most 60 s over 5 tries", line);
            assertTrue(!line.contains("xoxb") && !line.contains("\n"), line);
        }
        assertEquals(List.of(), harness.waits);
        assertEquals("backstop_slack_messages_unsent_total 1.0", metric());
        assertEquals(1, harness.bot.unsentMessages());
    }
}
