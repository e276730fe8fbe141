package dev.backstop.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.core.Progress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@code POST /slack/events} tells Slack's requests from forged, late, early and replayed ones. */
class SlackRequestCheckTest extends SlackHarnessFixture {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM = "application/x-www-form-urlencoded";

    private SlackHarness start() throws Exception {
        harness = new SlackHarness(root, false);
        return harness;
    }

    private HttpResponse<String> backupSignedAt(SlackHarness bot, long timestamp) throws Exception {
        String body = bot.commandBody("/backup", "app", "U1");
        return bot.post(body, FORM, SlackHarness.signature(body, timestamp));
    }

    private static long now(SlackHarness bot) {
        return bot.clock.instant().getEpochSecond();
    }

    private static void assertNothingRan(SlackHarness bot) throws Exception {
        bot.awaitQuiet();
        assertEquals(List.of(), bot.slack.calls("chat.postMessage"));
        assertEquals(List.of(), bot.services.catalog().list("app", 10));
    }

    @Test
    void a_request_signed_ten_minutes_ahead_gets_401_and_runs_nothing() throws Exception {
        SlackHarness bot = start();

        HttpResponse<String> answer = backupSignedAt(bot, now(bot) + 10 * 60);

        assertEquals(401, answer.statusCode());
        assertEquals("{\"error\":\"invalid request\"}", answer.body());
        assertNothingRan(bot);
    }

    @Test
    void a_request_signed_a_year_ahead_gets_401_and_runs_nothing() throws Exception {
        SlackHarness bot = start();

        HttpResponse<String> answer = backupSignedAt(bot, now(bot) + Duration.ofDays(365).toSeconds());

        assertEquals(401, answer.statusCode());
        assertNothingRan(bot);
    }

    @Test
    void requests_signed_four_minutes_before_or_after_the_clock_are_served() throws Exception {
        SlackHarness bot = start();

        assertEquals(200, backupSignedAt(bot, now(bot) - 4 * 60).statusCode());
        assertEquals(200, backupSignedAt(bot, now(bot) + 4 * 60).statusCode());

        bot.slack.await(Duration.ofSeconds(30), call -> call.method().equals("chat.postMessage"));
    }

    @Test
    void timestamps_are_judged_by_the_bots_clock_not_the_system_clock() throws Exception {
        SlackHarness bot = start();
        long system = System.currentTimeMillis() / 1000;
        bot.clock.fastForward(Duration.ofMinutes(10));

        assertEquals(401, backupSignedAt(bot, system).statusCode(), "10 minutes behind the bot's clock");
        assertNothingRan(bot);
        assertEquals(200, backupSignedAt(bot, now(bot)).statusCode());
    }

    @Test
    void a_timestamp_that_is_not_a_number_gets_401() throws Exception {
        SlackHarness bot = start();
        String body = bot.commandBody("/backup", "app", "U1");

        HttpResponse<String> answer = bot.post(body, FORM, Map.of("X-Slack-Request-Timestamp", "soon",
                "X-Slack-Signature", SlackHarness.sign(SlackHarness.SIGNING_SECRET, 0, body)));

        assertEquals(401, answer.statusCode());
        assertNothingRan(bot);
    }

    @Test
    void a_signature_cut_short_gets_401() throws Exception {
        SlackHarness bot = start();
        String body = bot.commandBody("/backup", "app", "U1");
        String signature = SlackHarness.sign(SlackHarness.SIGNING_SECRET, now(bot), body);

        HttpResponse<String> answer = bot.post(body, FORM, Map.of("X-Slack-Request-Timestamp", "" + now(bot),
                "X-Slack-Signature", signature.substring(0, signature.length() - 1)));

        assertEquals(401, answer.statusCode());
        assertNothingRan(bot);
    }

    @Test
    void an_identical_signed_command_sent_twice_runs_once() throws Exception {
        SlackHarness bot = start();
        String body = bot.commandBody("/backup", "app", "U1");
        Map<String, String> signature = SlackHarness.signature(body, now(bot));

        assertEquals(200, bot.post(body, FORM, signature).statusCode());
        HttpResponse<String> replay = bot.post(body, FORM, signature);

        assertEquals(401, replay.statusCode());
        bot.slack.await(Duration.ofSeconds(30), call -> call.method().equals("chat.update")
                && call.field("text").contains("done"));
        bot.awaitQuiet();
        assertEquals(1, bot.slack.calls("chat.postMessage").size());
        assertEquals(1, bot.services.catalog().list("app", 10).size());
    }

    @Test
    void a_signed_command_replayed_to_another_replica_is_refused() throws Exception {
        SlackHarness bot = start();
        String body = bot.commandBody("/backup", "app", "U1");
        Map<String, String> signature = SlackHarness.signature(body, now(bot));
        try (SlackHarness other = bot.replica()) {
            assertEquals(200, bot.post(body, FORM, signature).statusCode());
            assertEquals(401, other.post(body, FORM, signature).statusCode());

            bot.slack.await(Duration.ofSeconds(30), call -> call.method().equals("chat.update")
                    && call.field("text").contains("done"));
            bot.awaitQuiet();
            other.awaitQuiet();
        }
        assertEquals(1, bot.slack.calls("chat.postMessage").size());
        assertEquals(1, bot.services.catalog().list("app", 10).size());
    }

    @Test
    void the_same_command_signed_again_a_second_later_is_served() throws Exception {
        SlackHarness bot = start();
        String body = bot.commandBody("/backups", "app", "U1");

        assertEquals(200, bot.post(body, FORM, SlackHarness.signature(body, now(bot))).statusCode());
        assertEquals(200, bot.post(body, FORM, SlackHarness.signature(body, now(bot) + 1)).statusCode());
    }

    @Test
    void a_replayed_button_click_gets_401_and_is_not_answered_again() throws Exception {
        SlackHarness bot = start();
        bot.services.backups().backup("app", "U2", Progress.NONE);
        HttpResponse<String> asked = bot.command("/restore", "app latest --to " + root.resolve("restored.db"), "U1");
        String button = JSON.readTree(asked.body()).path("blocks").get(1).path("elements").get(1).path("value").asText();
        String body = "payload=" + URLEncoder.encode(JSON.writeValueAsString(Map.of("type", "block_actions",
                "api_app_id", "A1", "token", "legacy", "trigger_id", bot.triggerId(),
                "user", Map.of("id", "U1", "username", "u1", "team_id", "T1"), "team", Map.of("id", "T1"),
                "channel", Map.of("id", "C1"), "container", Map.of("type", "message", "message_ts", "1700000000.1",
                        "channel_id", "C1", "is_ephemeral", true),
                "response_url", bot.slack.responseUrl(),
                "actions", List.of(Map.of("type", "button", "action_id", BlockKit.CANCEL, "block_id",
                        "backstop.confirmation", "value", button, "action_ts", "1700000001.1")))),
                StandardCharsets.UTF_8);
        Map<String, String> signature = SlackHarness.signature(body, now(bot));

        assertEquals(200, bot.post(body, FORM, signature).statusCode());
        bot.slack.await(Duration.ofSeconds(10), call -> call.method().equals("response_url")
                && call.body().contains("Cancelled"));
        assertEquals(401, bot.post(body, FORM, signature).statusCode());

        bot.awaitQuiet();
        assertEquals(1, bot.slack.calls("response_url").size(), "the replay got no answer of its own");
    }

    @Test
    void an_event_sent_again_with_the_same_signature_is_acked_for_the_event_id_check() throws Exception {
        SlackHarness bot = start();
        String event = ApprovalDriver.reaction("EvSame", "U2", "white_check_mark", "1600000000.000001");
        Map<String, String> signature = SlackHarness.signature(event, now(bot));

        assertEquals(200, bot.post(event, "application/json", signature).statusCode());
        HttpResponse<String> again = bot.post(event, "application/json", signature);

        assertEquals(200, again.statusCode(), "left to the event_id check, so Slack stops retrying");
    }
}
