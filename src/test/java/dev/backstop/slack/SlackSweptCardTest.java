package dev.backstop.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.approval.ApprovalState;
import dev.backstop.approval.ApprovalSweep;
import dev.backstop.catalog.Catalog;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the sweep ends a request by itself, its card in Slack is updated in place to say so. */
class SlackSweptCardTest extends SlackHarnessFixture {

    /** Stands for the bot's JVM stopping while the restore runs: nothing after it runs, no ending is recorded. */
    private static final class Killed extends Error {
    }

    /** The sweep as {@code Serving} wires it for Slack: the bot's notifier and request cards. */
    private ApprovalSweep sweep() {
        return new ApprovalSweep(harness.services.approvals(), harness.services.catalog(), harness.bot.notifier(),
                "#ops", harness.bot.requestCards(), harness.clock);
    }

    @Test
    void a_restore_cut_off_by_a_stopped_bot_shows_failed_and_why_on_its_card() throws Exception {
        harness = new SlackHarness(root, true);
        ApprovalDriver slack = new ApprovalDriver(harness);
        ApprovalDriver.Posted card = slack.ask("app latest --to " + root.resolve("restored.db"), "U9");
        slack.press(BlockKit.APPROVE, card, "U1");
        slack.awaitCard(card, "*Approvals:* 1 of 2: <@U1>");
        assertThrows(Killed.class, () -> harness.services.approvals().vote(card.requestId(), "U2", true,
                (stage, bytes) -> {
                    throw new Killed();
                }));
        harness.awaitQuiet();
        int updatesBefore = slack.cardUpdates(card).size();
        harness.clock.fastForward(Catalog.ABANDONED_AFTER.plusMinutes(1));

        assertEquals(1, sweep().run().size());

        List<FakeSlackApi.Call> updates = slack.cardUpdates(card);
        assertEquals(updatesBefore + 1, updates.size());
        FakeSlackApi.Call failed = updates.get(updates.size() - 1);
        assertEquals(ApprovalDriver.CHANNEL, failed.field("channel"));
        String text = failed.field("text");
        assertTrue(text.contains("*State:* failed"), text);
        assertTrue(text.contains(":x: interrupted: no heartbeat since "), text);
        assertTrue(text.contains("; the bot stopped while the restore ran"), text);
        assertTrue(text.contains("*Approvals:* 2 of 2: <@U1>, <@U2>"), text);
        assertFalse(failed.field("blocks").contains(BlockKit.APPROVE), failed.field("blocks"));
        assertTrue(failed.field("blocks").contains("the bot stopped while the restore ran"), failed.field("blocks"));
        assertEquals(ApprovalState.FAILED, harness.services.approvals().find(card.requestId()).orElseThrow().state());
    }

    @Test
    void a_request_nobody_voted_on_shows_expired_on_its_card() throws Exception {
        harness = new SlackHarness(root, true);
        ApprovalDriver slack = new ApprovalDriver(harness);
        ApprovalDriver.Posted card = slack.ask("app latest", "U9");
        harness.clock.fastForward(Duration.ofMinutes(31));

        assertEquals(List.of(), sweep().run(), "an expiry is told on the card only");

        FakeSlackApi.Call expired = slack.awaitCard(card, "*State:* expired");
        assertFalse(expired.field("blocks").contains(BlockKit.APPROVE), expired.field("blocks"));
        assertTrue(expired.field("text").contains("*target:* its live database"), expired.field("text"));
        assertFalse(expired.field("text").contains("safety backup"), "nothing will be taken: " + expired.field("text"));
    }

    @Test
    void a_card_slack_refuses_to_update_is_updated_at_the_next_sweep() throws Exception {
        harness = new SlackHarness(root, true);
        ApprovalDriver slack = new ApprovalDriver(harness);
        ApprovalDriver.Posted card = slack.ask("app latest --to " + root.resolve("restored.db"), "U9");
        harness.clock.fastForward(Duration.ofMinutes(31));
        harness.slack.refuse("chat.update", "ratelimited");
        ApprovalSweep sweep = sweep();

        sweep.run();

        assertEquals(1, slack.cardUpdates(card).size(), "tried once");
        assertEquals(ApprovalState.EXPIRED, harness.services.approvals().find(card.requestId()).orElseThrow().state());
        harness.slack.accept("chat.update");
        sweep.run();
        assertEquals(2, slack.cardUpdates(card).size());
        assertTrue(slack.cardUpdates(card).get(1).field("text").contains("*State:* expired"));
        sweep.run();
        assertEquals(2, slack.cardUpdates(card).size(), "updated once it went through");
    }
}
