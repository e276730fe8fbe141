package dev.backstop.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** Signed requests whose payload Backstop cannot use are answered 400, and logged in one line without a stack trace. */
class SlackMalformedRequestTest extends SlackHarnessFixture {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpResponse<String> click(String payload) throws Exception {
        return harness.signed("payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded");
    }

    private static String blockActions(Map<String, Object> fields) throws Exception {
        Map<String, Object> payload = new java.util.LinkedHashMap<>(Map.of("type", "block_actions", "api_app_id", "A1",
                "token", "legacy", "team", Map.of("id", "T1")));
        payload.putAll(fields);
        return JSON.writeValueAsString(payload);
    }

    @Test
    void a_payload_that_is_not_json_gets_400_and_one_log_line() throws Exception {
        harness = new SlackHarness(root, false);
        try (CapturedLog log = new CapturedLog(BoltEndpoint.class)) {
            for (String payload : List.of("not-json", "[1,2]", "\"text\"", "{\"type\":\"view_submission\"}")) {
                HttpResponse<String> answer = click(payload);

                assertEquals(400, answer.statusCode(), payload);
                assertEquals("malformed Slack request", answer.body());
            }
            assertEquals(4, log.records().size(), log.messages().toString());
            for (LogRecord record : log.records()) {
                assertNull(record.getThrown(), "no stack trace");
                assertTrue(record.getMessage().startsWith("refused a malformed Slack request to /slack/events from "),
                        record.getMessage());
                assertTrue(!record.getMessage().contains("\n") && !record.getMessage().contains("legacy"),
                        record.getMessage());
            }
        }
    }

    @Test
    void a_click_without_a_user_gets_400() throws Exception {
        harness = new SlackHarness(root, false);

        HttpResponse<String> answer = click(blockActions(Map.of("actions", List.of(Map.of("action_id",
                BlockKit.CONFIRM, "value", "x")))));

        assertEquals(400, answer.statusCode());
    }

    @Test
    void a_confirm_click_without_actions_gets_400() throws Exception {
        harness = new SlackHarness(root, false);

        HttpResponse<String> answer = click(blockActions(Map.of("user", Map.of("id", "U1"),
                "container", Map.of("type", "message", "message_ts", "1.2", "channel_id", "C1"))));

        assertEquals(400, answer.statusCode());
    }

    @Test
    void an_approve_click_without_its_message_gets_400_and_counts_no_vote() throws Exception {
        harness = new SlackHarness(root, true);
        ApprovalDriver slack = new ApprovalDriver(harness);
        ApprovalDriver.Posted card = slack.ask("app latest --to " + root.resolve("x.db"), "U9");

        HttpResponse<String> answer = click(blockActions(Map.of("user", Map.of("id", "U1"),
                "actions", List.of(Map.of("action_id", BlockKit.APPROVE, "value", card.requestId())))));

        assertEquals(400, answer.statusCode());
        assertTrue(answer.body().startsWith("malformed block_actions payload"), answer.body());
        harness.awaitQuiet();
        assertEquals(List.of(), harness.services.approvals().find(card.requestId()).orElseThrow().approvedBy());
    }

    @Test
    void a_confirm_click_without_a_value_gets_400() throws Exception {
        harness = new SlackHarness(root, false);

        HttpResponse<String> answer = click(blockActions(Map.of("user", Map.of("id", "U1"),
                "container", Map.of("type", "message", "message_ts", "1.2", "channel_id", "C1"),
                "actions", List.of(Map.of("action_id", BlockKit.CONFIRM)))));

        assertEquals(400, answer.statusCode());
    }

    @Test
    void an_event_without_its_event_gets_400_and_a_reaction_without_its_name_is_ignored() throws Exception {
        harness = new SlackHarness(root, false);

        HttpResponse<String> empty = harness.signed("{\"type\":\"event_callback\",\"event_id\":\"Ev1\"}",
                "application/json");
        HttpResponse<String> nameless = harness.signed("{\"type\":\"event_callback\",\"event_id\":\"Ev2\","
                + "\"team_id\":\"T1\",\"api_app_id\":\"A1\",\"event\":{\"type\":\"reaction_added\",\"user\":\"U2\"}}",
                "application/json");

        assertEquals(400, empty.statusCode());
        assertEquals(200, nameless.statusCode());
    }

    @Test
    void a_confirm_click_without_a_response_url_gets_400_not_a_500() throws Exception {
        harness = new SlackHarness(root, false);

        HttpResponse<String> answer = click(blockActions(Map.of("user", Map.of("id", "U1"),
                "channel", Map.of("id", "C1"), "message", Map.of("ts", "1"),
                "actions", List.of(Map.of("action_id", BlockKit.CONFIRM, "value", "nope")))));

        assertEquals(400, answer.statusCode(), answer.body());
    }

    @Test
    void a_signed_slash_command_without_its_user_or_channel_gets_400_and_runs_nothing() throws Exception {
        harness = new SlackHarness(root, false);

        for (String body : List.of("command=%2Fbackup&text=app", "command=%2Fbackup&text=app&channel_id=C1",
                "command=%2Fbackup&text=app&user_id=U1")) {
            HttpResponse<String> answer = harness.signed(body, "application/x-www-form-urlencoded");

            assertEquals(400, answer.statusCode(), body + ": " + answer.body());
        }
        harness.awaitQuiet();
        assertEquals(List.of(), harness.services.catalog().list("app", 10));
    }
}
