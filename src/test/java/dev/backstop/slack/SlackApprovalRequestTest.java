package dev.backstop.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.approval.ApprovalState;
import dev.backstop.core.BackupRecord;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Production-restore requests in Slack up to their decision: the card, and the votes that do not count. */
class SlackApprovalRequestTest extends SlackHarnessFixture {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApprovalDriver start(Duration ttl) throws Exception {
        harness = new SlackHarness(root, true, ttl);
        return new ApprovalDriver(harness);
    }

    private ApprovalState state(String requestId) {
        return harness.services.approvals().find(requestId).orElseThrow().state();
    }

    @Test
    void a_production_restore_posts_a_request_with_the_backup_details_and_vote_buttons() throws Exception {
        ApprovalDriver slack = start(Duration.ofMinutes(30));
        Path target = root.resolve("restored.db");
        ApprovalDriver.Posted card = slack.ask("app latest --to " + target, "U9");

        assertEquals("#ops", card.call().field("channel"));
        BackupRecord backup = harness.services.catalog().list("app", 1).get(0);
        JsonNode blocks = ApprovalDriver.blocks(card.call());
        String text = blocks.get(0).path("text").path("text").asText();
        for (String expected : List.of("requested by <@U9>", "request `" + card.requestId() + "`", "*Database:* app",
                "*target:* `" + target + "`", "*Backup:* `" + backup.id() + "`", " old, ", "KiB",
                "sha256 `" + backup.sha256().substring(0, 12) + "`", "*Approvals:* 0 of 2", "*State:* waiting (expires ")) {
            assertTrue(text.contains(expected), expected + " in " + text);
        }
        JsonNode buttons = blocks.get(1).path("elements");
        assertEquals(BlockKit.APPROVE, buttons.get(0).path("action_id").asText());
        assertEquals(card.requestId(), buttons.get(0).path("value").asText());
        assertEquals("Approve this restore?", buttons.get(0).path("confirm").path("title").path("text").asText());
        assertEquals(BlockKit.DENY, buttons.get(1).path("action_id").asText());
        assertEquals(card.requestId(), buttons.get(1).path("value").asText());
        assertEquals(ApprovalState.REQUESTED, state(card.requestId()));
        assertFalse(Files.exists(target));
    }

    @Test
    void the_requester_is_told_privately_that_the_request_was_posted() throws Exception {
        start(Duration.ofMinutes(30));
        harness.services.backups().backup("app", "cron", dev.backstop.core.Progress.NONE);

        HttpResponse<String> ack = harness.command("/backstop", "restore app latest --to " + root.resolve("x.db"), "U9");

        JsonNode reply = JSON.readTree(ack.body());
        assertEquals("ephemeral", reply.path("response_type").asText());
        assertTrue(reply.path("text").asText().contains("is posted in #ops"), ack.body());
        assertTrue(reply.path("text").asText().contains("needs 2 approvers"), ack.body());
    }

    @Test
    void the_requester_and_non_approvers_cannot_vote_and_nothing_changes() throws Exception {
        ApprovalDriver slack = start(Duration.ofMinutes(30));
        ApprovalDriver.Posted card = slack.ask("app latest --to " + root.resolve("x.db"), "U1");

        assertEquals(200, slack.press(BlockKit.APPROVE, card, "U1").statusCode());
        FakeSlackApi.Call self = slack.awaitNote("two other approvers must approve it");
        assertTrue(self.body().contains("\"response_type\":\"ephemeral\"") && self.body().contains(
                "\"replace_original\":false"), self.body());
        assertEquals(200, slack.press(BlockKit.APPROVE, card, "U7").statusCode());
        slack.awaitNote("Only the people in slack.approvers can vote");
        assertEquals(200, slack.react("EvOutsider", "U8", "x", card.ts()).statusCode());
        FakeSlackApi.Call outsider = harness.slack.await(ApprovalDriver.WAIT,
                call -> call.method().equals("chat.postEphemeral"));
        assertEquals("U8", outsider.field("user"));
        assertTrue(outsider.field("text").contains("Only the people in slack.approvers"), outsider.field("text"));

        harness.awaitQuiet();
        assertEquals(List.of(), slack.cardUpdates(card));
        assertEquals(List.of(), harness.services.approvals().find(card.requestId()).orElseThrow().approvedBy());
        assertEquals(ApprovalState.REQUESTED, state(card.requestId()));
    }

    @Test
    void a_second_vote_by_the_same_approver_counts_once() throws Exception {
        ApprovalDriver slack = start(Duration.ofMinutes(30));
        ApprovalDriver.Posted card = slack.ask("app latest --to " + root.resolve("x.db"), "U9");

        slack.press(BlockKit.APPROVE, card, "U2");
        FakeSlackApi.Call counted = slack.awaitCard(card, "*Approvals:* 1 of 2: <@U2>");
        assertTrue(counted.field("blocks").contains(BlockKit.APPROVE), "still open: " + counted.field("blocks"));
        slack.press(BlockKit.APPROVE, card, "U2");
        slack.awaitNote("You already voted");
        slack.react("EvAgain", "U2", "white_check_mark", card.ts());
        harness.slack.await(ApprovalDriver.WAIT, call -> call.method().equals("chat.postEphemeral")
                && call.field("text").contains("You already voted"));

        harness.awaitQuiet();
        assertEquals(1, slack.cardUpdates(card).size());
        assertEquals(List.of("U2"), harness.services.approvals().find(card.requestId()).orElseThrow().approvedBy());
    }

    @Test
    void a_denial_closes_the_request_and_later_votes_change_nothing() throws Exception {
        ApprovalDriver slack = start(Duration.ofMinutes(30));
        Path target = root.resolve("x.db");
        ApprovalDriver.Posted card = slack.ask("app latest --to " + target, "U9");

        slack.press(BlockKit.DENY, card, "U2");
        FakeSlackApi.Call denied = slack.awaitCard(card, "*State:* denied");
        assertTrue(denied.field("text").contains("*Denied by:* <@U2>"), denied.field("text"));
        assertFalse(denied.field("blocks").contains(BlockKit.APPROVE), "no buttons left: " + denied.field("blocks"));
        slack.press(BlockKit.APPROVE, card, "U3");
        slack.awaitNote("is already denied");

        harness.awaitQuiet();
        assertEquals(1, slack.cardUpdates(card).size());
        assertEquals(ApprovalState.DENIED, state(card.requestId()));
        assertFalse(Files.exists(target));
    }

    @Test
    void an_expired_request_says_so_on_its_card_and_restores_nothing() throws Exception {
        ApprovalDriver slack = start(Duration.ofMinutes(30));
        Path target = root.resolve("x.db");
        ApprovalDriver.Posted card = slack.ask("app latest --to " + target, "U9");
        harness.clock.fastForward(Duration.ofMinutes(30).plusSeconds(1));

        slack.press(BlockKit.APPROVE, card, "U2");
        slack.awaitNote("expired at");
        FakeSlackApi.Call expired = slack.awaitCard(card, "*State:* expired");
        assertFalse(expired.field("blocks").contains(BlockKit.APPROVE), expired.field("blocks"));

        harness.awaitQuiet();
        assertEquals(ApprovalState.EXPIRED, state(card.requestId()));
        assertEquals(List.of(), harness.services.approvals().find(card.requestId()).orElseThrow().approvedBy());
        assertFalse(Files.exists(target));
    }

    @Test
    void other_reactions_and_reactions_on_other_messages_are_ignored() throws Exception {
        ApprovalDriver slack = start(Duration.ofMinutes(30));
        ApprovalDriver.Posted card = slack.ask("app latest --to " + root.resolve("x.db"), "U9");

        assertEquals(200, slack.react("EvTada", "U2", "tada", card.ts()).statusCode());
        assertEquals(200, slack.react("EvElsewhere", "U2", "white_check_mark", "1600000000.000001").statusCode());

        harness.awaitQuiet();
        assertEquals(List.of(), harness.slack.calls("chat.update"));
        assertEquals(List.of(), harness.slack.calls("chat.postEphemeral"));
        assertEquals(List.of(), harness.services.approvals().find(card.requestId()).orElseThrow().approvedBy());
    }
}
