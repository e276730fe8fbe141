package dev.backstop.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.TestWorld;
import dev.backstop.core.Progress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackConfirmTest extends SlackHarnessFixture {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpResponse<String> press(String actionId, String value, String user) throws Exception {
        return press(harness, actionId, value, user);
    }

    private HttpResponse<String> press(SlackHarness bot, String actionId, String value, String user)
            throws Exception {
        String payload = JSON.writeValueAsString(Map.of("type", "block_actions", "api_app_id", "A1", "token", "legacy",
                "trigger_id", bot.triggerId(),
                "user", Map.of("id", user, "username", user.toLowerCase(), "team_id", "T1"),
                "team", Map.of("id", "T1", "domain", "backstop-test"), "channel", Map.of("id", "C1", "name", "ops"),
                "container", Map.of("type", "message", "message_ts", "1700000000.1", "channel_id", "C1",
                        "is_ephemeral", true),
                "response_url", bot.slack.responseUrl(),
                "actions", List.of(Map.of("type", "button", "action_id", actionId, "block_id",
                        "backstop.confirmation", "value", value, "action_ts", "1700000001.1",
                        "text", Map.of("type", "plain_text", "text", "Restore")))));
        String body = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
        return bot.signed(body, "application/x-www-form-urlencoded");
    }

    private String askToRestore(Path target) throws Exception {
        harness = new SlackHarness(root, false);
        String id = harness.services.backups().backup("app", "U2", Progress.NONE).id();
        HttpResponse<String> ack = harness.command("/restore", "app latest --to " + target, "U1");
        JsonNode reply = JSON.readTree(ack.body());
        assertEquals("ephemeral", reply.path("response_type").asText());
        assertTrue(reply.path("blocks").get(0).path("text").path("text").asText()
                .startsWith(":question: Restore *app* from backup `" + id + "`"), ack.body());
        JsonNode buttons = reply.path("blocks").get(1).path("elements");
        assertEquals("backstop.confirm", buttons.get(0).path("action_id").asText());
        assertEquals("Restore", buttons.get(0).path("text").path("text").asText());
        assertEquals("backstop.cancel", buttons.get(1).path("action_id").asText());
        return buttons.get(0).path("value").asText();
    }

    @Test
    void restore_runs_only_after_the_requester_presses_confirm() throws Exception {
        Path target = root.resolve("restored.db");
        String button = askToRestore(target);
        harness.awaitQuiet();
        assertTrue(Files.notExists(target));

        assertEquals(200, press("backstop.confirm", button, "U2").statusCode());
        FakeSlackApi.Call refused = harness.slack.await(Duration.ofSeconds(10),
                call -> call.method().equals("response_url") && call.body().contains("can answer this request"));
        assertTrue(refused.body().contains("Only \\u003c@U1\\u003e") && refused.body().contains("\"replace_original\":false"),
                refused.body());
        assertTrue(Files.notExists(target));

        assertEquals(200, press("backstop.confirm", button, "U1").statusCode());
        FakeSlackApi.Call done = harness.slack.await(Duration.ofSeconds(30), call -> call.method().equals("chat.update")
                && call.field("text").contains("Restore of *app* done"));
        assertTrue(done.field("text").contains("restored to `" + target), done.field("text"));
        assertEquals(TestWorld.rowCounts(harness.world.database), TestWorld.rowCounts(target));

        assertEquals(200, press("backstop.confirm", button, "U1").statusCode());
        harness.slack.await(Duration.ofSeconds(10), call -> call.method().equals("response_url")
                && call.body().contains("expired or was already answered"));
        assertEquals(1, harness.slack.calls("chat.postMessage").size());
    }

    @Test
    void a_confirm_shown_by_one_replica_runs_once_when_another_replica_gets_the_click() throws Exception {
        Path target = root.resolve("restored.db");
        String button = askToRestore(target);
        try (SlackHarness other = harness.replica()) {
            assertEquals(200, press(other, "backstop.confirm", button, "U1").statusCode());
            FakeSlackApi.Call done = harness.slack.await(Duration.ofSeconds(30),
                    call -> call.method().equals("chat.update") && call.field("text").contains("Restore of *app* done"));
            assertTrue(done.field("text").contains("restored to `" + target), done.field("text"));
            assertEquals(TestWorld.rowCounts(harness.world.database), TestWorld.rowCounts(target));

            assertEquals(200, press("backstop.confirm", button, "U1").statusCode());
            harness.slack.await(Duration.ofSeconds(10), call -> call.method().equals("response_url")
                    && call.body().contains("expired or was already answered"));
            other.awaitQuiet();
            harness.awaitQuiet();
            assertEquals(1, harness.slack.calls("chat.postMessage").size(), "the restore ran once");
        }
    }

    @Test
    void cancel_runs_nothing() throws Exception {
        Path target = root.resolve("restored.db");
        String button = askToRestore(target);

        assertEquals(200, press("backstop.cancel", button, "U1").statusCode());
        harness.slack.await(Duration.ofSeconds(10), call -> call.method().equals("response_url")
                && call.body().contains("Cancelled; nothing was changed."));
        harness.awaitQuiet();
        assertEquals(List.of(), harness.slack.calls("chat.postMessage"));
        assertTrue(Files.notExists(target));
    }
}
