package dev.backstop.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.Eventually;
import dev.backstop.core.Progress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Drives production-restore approvals as Slack would: signed slash commands, button clicks and reaction events. */
final class ApprovalDriver {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String CHANNEL = "COPS";

    /** A request's card as posted: the request id and the message's timestamp. */
    record Posted(String requestId, String ts, FakeSlackApi.Call call) {
        String messageRef() {
            return CHANNEL + "/" + ts;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SlackHarness harness;

    ApprovalDriver(SlackHarness harness) {
        this.harness = harness;
    }

    /** Takes a backup, asks for a restore of it as {@code requester}, and waits until the card is posted and remembered. */
    Posted ask(String arguments, String requester) throws Exception {
        harness.services.backups().backup("app", "cron", Progress.NONE);
        HttpResponse<String> ack = harness.command("/restore", arguments, requester);
        assertEquals(200, ack.statusCode());
        FakeSlackApi.Call call = harness.slack.await(WAIT, posted -> posted.method().equals("chat.postMessage")
                && posted.field("blocks").contains(BlockKit.APPROVE));
        JsonNode actions = blocks(call).get(blocks(call).size() - 1).path("elements");
        String requestId = actions.get(0).path("value").asText();
        Eventually.waitUntil("request " + requestId + " to remember its card", WAIT, () -> harness.services.catalog()
                .findApproval(requestId).filter(request -> !request.messageRef().isEmpty()).isPresent());
        String messageRef = harness.services.catalog().findApproval(requestId).orElseThrow().messageRef();
        assertTrue(messageRef.startsWith(CHANNEL + "/"), messageRef);
        String ts = messageRef.substring(CHANNEL.length() + 1);
        return new Posted(requestId, ts, call);
    }

    static JsonNode blocks(FakeSlackApi.Call call) throws Exception {
        return JSON.readTree(call.field("blocks"));
    }

    /** Clicks a button ({@link BlockKit#APPROVE} or {@link BlockKit#DENY}) on the card as {@code user}. */
    HttpResponse<String> press(String actionId, Posted card, String user) throws Exception {
        String payload = JSON.writeValueAsString(Map.of("type", "block_actions", "api_app_id", "A1", "token", "legacy",
                "trigger_id", harness.triggerId(),
                "user", Map.of("id", user, "username", user.toLowerCase(), "team_id", "T1"),
                "team", Map.of("id", "T1", "domain", "backstop-test"), "channel", Map.of("id", CHANNEL, "name", "ops"),
                "container", Map.of("type", "message", "message_ts", card.ts(), "channel_id", CHANNEL,
                        "is_ephemeral", false),
                "response_url", harness.slack.responseUrl(),
                "actions", List.of(Map.of("type", "button", "action_id", actionId, "block_id", "backstop.approval",
                        "value", card.requestId(), "action_ts", "1700000001.1",
                        "text", Map.of("type", "plain_text", "text", "Approve")))));
        String body = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
        return signed(body, "application/x-www-form-urlencoded", Map.of());
    }

    /** The Events API body of {@code user} adding {@code :reaction:} to the message at {@code ts}. */
    static String reaction(String eventId, String user, String reaction, String ts) {
        return """
                {"token":"legacy","team_id":"T1","api_app_id":"A1","type":"event_callback","event_id":"%s",
                 "event_time":1700000000,"authorizations":[{"team_id":"T1","user_id":"UBOT","is_bot":true}],
                 "event":{"type":"reaction_added","user":"%s","reaction":"%s","item_user":"UBOT",
                  "item":{"type":"message","channel":"%s","ts":"%s"},"event_ts":"1700000000.1"}}
                """.formatted(eventId, user, reaction, CHANNEL, ts).replace("\n", "");
    }

    HttpResponse<String> react(String eventId, String user, String reaction, String ts) throws Exception {
        return signed(reaction(eventId, user, reaction, ts), "application/json", Map.of());
    }

    /** Posts {@code body} with a valid signature and the {@code extra} headers. */
    HttpResponse<String> signed(String body, String contentType, Map<String, String> extra) throws Exception {
        Map<String, String> headers = new HashMap<>(extra);
        headers.putAll(SlackHarness.signature(body, harness.clock.instant().getEpochSecond()));
        return harness.post(body, contentType, headers);
    }

    /** Waits for a {@code chat.update} of the card whose text contains {@code text}. */
    FakeSlackApi.Call awaitCard(Posted card, String text) throws Exception {
        return harness.slack.await(WAIT, call -> call.method().equals("chat.update") && call.field("ts").equals(card.ts())
                && call.field("text").contains(text));
    }

    /** The {@code chat.update}s of the card so far. */
    List<FakeSlackApi.Call> cardUpdates(Posted card) {
        return harness.slack.calls("chat.update").stream().filter(call -> call.field("ts").equals(card.ts())).toList();
    }

    /** Waits for a private note to a voter (through response_url or chat.postEphemeral) containing {@code text}. */
    FakeSlackApi.Call awaitNote(String text) throws Exception {
        return harness.slack.await(WAIT, call -> (call.method().equals("response_url")
                || call.method().equals("chat.postEphemeral")) && (call.body().contains(text)
                || call.field("text").contains(text)));
    }
}
