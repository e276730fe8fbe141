package dev.backstop.slack;

import com.slack.api.methods.MethodsClient;
import dev.backstop.approval.ApprovalRequest;
import dev.backstop.approval.RequestCards;
import dev.backstop.chat.ApprovalCard;
import dev.backstop.chat.Approvals;
import java.io.IOException;

/**
 * Restore-request cards in Slack: where a card is ({@code CHANNEL/TS}, as a request remembers it) and
 * replacing it in place with {@code chat.update}, after a vote or when the sweep ends the request.
 */
final class SlackCards implements RequestCards {

    private final MethodsClient client;
    private final WebApiCalls calls;
    private final Approvals approvals;

    SlackCards(MethodsClient client, WebApiCalls calls, Approvals approvals) {
        this.client = client;
        this.calls = calls;
        this.approvals = approvals;
    }

    /** How a request remembers the message that carries its card. */
    static String messageRef(String channel, String ts) {
        return channel + "/" + ts;
    }

    @Override
    public void show(ApprovalRequest request, String messageRef) throws IOException {
        int slash = messageRef.indexOf('/');
        if (slash < 0) {
            return;
        }
        update(client, calls, messageRef.substring(0, slash), messageRef.substring(slash + 1), approvals.card(request));
    }

    /** Replaces the message at {@code channel}/{@code ts} with {@code card}, waiting out a rate limit; throws if it cannot. */
    static void update(MethodsClient client, WebApiCalls calls, String channel, String ts, ApprovalCard card)
            throws IOException {
        calls.send("chat.update", channel, () -> client.chatUpdate(request -> request.channel(channel).ts(ts)
                .text(card.body().text()).blocks(BlockKit.approval(card))));
    }
}
