package dev.backstop.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
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
    private final Approvals approvals;

    SlackCards(MethodsClient client, Approvals approvals) {
        this.client = client;
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
        update(client, messageRef.substring(0, slash), messageRef.substring(slash + 1), approvals.card(request));
    }

    /** Replaces the message at {@code channel}/{@code ts} with {@code card}; throws when Slack does not. */
    static void update(MethodsClient client, String channel, String ts, ApprovalCard card) throws IOException {
        ChatUpdateResponse updated;
        try {
            updated = client.chatUpdate(request -> request.channel(channel).ts(ts).text(card.body().text())
                    .blocks(BlockKit.approval(card)));
        } catch (SlackApiException refused) {
            throw new IOException("Slack answered chat.update in " + channel + " with HTTP "
                    + refused.getResponse().code(), refused);
        }
        if (!updated.isOk()) {
            throw new IOException("Slack refused chat.update in " + channel + ": " + updated.getError());
        }
    }
}
