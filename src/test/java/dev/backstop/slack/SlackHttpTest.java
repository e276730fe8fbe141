package dev.backstop.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.core.BackupRecord;
import dev.backstop.pipeline.JobLocks;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackHttpTest extends SlackHarnessFixture {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private SlackHarness start(boolean production) throws Exception {
        harness = new SlackHarness(root, production);
        return harness;
    }

    static String blockText(String blocksJson, int index) throws Exception {
        return JSON.readTree(blocksJson).get(index).path("text").path("text").asText();
    }

    @Test
    void backup_posts_one_message_and_updates_it_with_the_result() throws Exception {
        SlackHarness bot = start(false);

        HttpResponse<String> ack = bot.command("/backup", "app", "U1");

        assertEquals(200, ack.statusCode());
        FakeSlackApi.Call done = bot.slack.await(WAIT, call -> call.method().equals("chat.update")
                && call.field("text").contains("done"));
        FakeSlackApi.Call posted = bot.slack.calls("chat.postMessage").get(0);
        assertEquals(1, bot.slack.calls("chat.postMessage").size());
        assertEquals("C1", posted.field("channel"));
        assertEquals(":hourglass: Backup of *app* started by <@U1>", blockText(posted.field("blocks"), 0));
        BackupRecord backup = bot.services.catalog().list("app", 10).get(0);
        assertEquals("U1", backup.actor());
        String result = blockText(done.field("blocks"), 0);
        assertTrue(result.startsWith(":white_check_mark: Backup of *app* done: id `" + backup.id() + "`, "), result);
        assertTrue(result.matches(".*, [0-9.]+m?s, sha256 `" + backup.sha256().substring(0, 12) + "`.*"), result);
        assertEquals("1700000000.000001", done.field("ts"));
        assertEquals("C1", done.field("channel"));
    }

    @Test
    void unsigned_request_gets_401_and_runs_nothing() throws Exception {
        SlackHarness bot = start(false);

        HttpResponse<String> answer = bot.post(bot.commandBody("/backup", "app", "U1"),
                "application/x-www-form-urlencoded", Map.of());

        assertEquals(401, answer.statusCode());
        assertNothingRan(bot);
    }

    @Test
    void mis_signed_request_gets_401_and_runs_nothing() throws Exception {
        SlackHarness bot = start(false);
        String body = bot.commandBody("/backup", "app", "U1");
        long now = System.currentTimeMillis() / 1000;

        HttpResponse<String> answer = bot.post(body, "application/x-www-form-urlencoded", Map.of(
                "X-Slack-Request-Timestamp", "" + now,
                "X-Slack-Signature", SlackHarness.sign("some-other-secret", now, body)));

        assertEquals(401, answer.statusCode());
        assertNothingRan(bot);
    }

    @Test
    void stale_timestamp_gets_401_even_when_correctly_signed() throws Exception {
        SlackHarness bot = start(false);
        String body = bot.commandBody("/backup", "app", "U1");
        long stale = System.currentTimeMillis() / 1000 - 6 * 60;

        HttpResponse<String> answer = bot.post(body, "application/x-www-form-urlencoded", Map.of(
                "X-Slack-Request-Timestamp", "" + stale,
                "X-Slack-Signature", SlackHarness.sign(SlackHarness.SIGNING_SECRET, stale, body)));

        assertEquals(401, answer.statusCode());
        assertNothingRan(bot);
    }

    private static void assertNothingRan(SlackHarness bot) throws Exception {
        bot.awaitQuiet();
        assertEquals(List.of(), bot.slack.calls("chat.postMessage"));
        assertEquals(List.of(), bot.services.catalog().list("app", 10));
    }

    @Test
    void unknown_database_gets_a_private_usage_message() throws Exception {
        SlackHarness bot = start(false);

        HttpResponse<String> ack = bot.command("/backup", "nope", "U1");

        assertEquals(200, ack.statusCode());
        JsonNode reply = JSON.readTree(ack.body());
        assertEquals("ephemeral", reply.path("response_type").asText());
        assertEquals(":warning: unknown database `nope` (configured: app). Usage: `/backup DB [--label L]"
                        + " [--keep D|--pin]`: take a backup now (labelled, kept for D or until unpinned)",
                reply.path("blocks").get(0).path("text").path("text").asText());
        assertEquals(List.of(), bot.slack.calls("chat.postMessage"));
    }

    @Test
    void second_job_on_a_database_is_refused_naming_the_running_one() throws Exception {
        SlackHarness bot = start(false);
        try (JobLocks.Held running = bot.locks.acquire("app", "restore", "U9")) {
            assertEquals(200, bot.command("/backstop", "backup app", "U1").statusCode());
            FakeSlackApi.Call refused = bot.slack.await(WAIT, call -> call.method().equals("chat.update"));
            assertEquals(":x: Backup of *app* did not finish: a restore started by U9 is already running on app;"
                    + " wait for it to finish and try again", blockText(refused.field("blocks"), 0));
        }
    }

    @Test
    void backups_lists_the_newest_with_age_size_status_and_who_took_them() throws Exception {
        SlackHarness bot = start(false);
        String id = bot.services.backups().backup("app", "U2", dev.backstop.core.Progress.NONE).id();

        HttpResponse<String> ack = bot.command("/backups", "app 5", "U1");

        JsonNode reply = JSON.readTree(ack.body());
        assertEquals("Newest 1 backups of *app*:", reply.path("blocks").get(0).path("text").path("text").asText());
        String table = reply.path("blocks").get(1).path("text").path("text").asText();
        assertTrue(table.startsWith("```ID") && table.contains(id) && table.contains("succeeded")
                && table.contains("U2") && table.contains("KiB"), table);
    }

    @Test
    void healthz_reports_components_and_503_when_the_catalog_fails() throws Exception {
        SlackHarness bot = start(false);

        HttpResponse<String> healthy = bot.get("/healthz");
        assertEquals(200, healthy.statusCode());
        assertEquals("{\"status\":\"ok\",\"components\":{\"catalog\":\"ok\",\"slack\":\"http\"}}", healthy.body());

        bot.services.catalog().close();
        HttpResponse<String> failing = bot.get("/healthz");
        assertEquals(503, failing.statusCode());
        assertTrue(failing.body().contains("\"catalog\":\"failing: "), failing.body());
    }
}
