package dev.backstop.slack;

import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import dev.backstop.chat.ApprovalAsked;
import dev.backstop.chat.ApprovalCard;
import dev.backstop.chat.Approvals;
import dev.backstop.chat.Ballot;
import dev.backstop.chat.Reply;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Production-restore requests in Slack: posts each request's card to the approvals channel, and
 * turns Approve/Deny clicks and reactions into votes, which run on an executor after the ack.
 */
final class SlackApprovals {

    private static final System.Logger LOG = System.getLogger(SlackApprovals.class.getName());

    private final Approvals approvals;
    private final Executor background;
    private final WebApiCalls calls;

    SlackApprovals(Approvals approvals, Executor background, WebApiCalls calls) {
        this.approvals = approvals;
        this.background = background;
        this.calls = calls;
    }

    /** Posts the card after the ack and remembers where; tells the requester through {@code privately} if that fails. */
    void post(MethodsClient client, ApprovalAsked asked, Consumer<Reply> privately) {
        background.execute(() -> {
            ApprovalCard card = asked.card();
            try {
                ChatPostMessageResponse posted = calls.send("chat.postMessage", asked.channel(),
                        () -> client.chatPostMessage(request -> request.channel(asked.channel())
                                .text(card.body().text()).blocks(BlockKit.approval(card))));
                approvals.attach(card.requestId(), SlackCards.messageRef(posted.getChannel(), posted.getTs()));
            } catch (IOException logged) {
                notPosted(asked, logged, privately);
            } catch (RuntimeException failed) {
                LOG.log(System.Logger.Level.WARNING, "posting restore request " + card.requestId() + " failed: "
                        + failed.getMessage());
                notPosted(asked, failed, privately);
            }
        });
    }

    private static void notPosted(ApprovalAsked asked, Exception failed, Consumer<Reply> privately) {
        privately.accept(Reply.privately(":warning: Restore request `" + asked.card().requestId() + "` could not be"
                + " posted to " + asked.channel() + " (" + failed.getMessage() + "); check that the bot is in that"
                + " channel and ask again."));
    }

    Response approve(BlockActionRequest request, ActionContext context) {
        return click(request, context, true);
    }

    Response deny(BlockActionRequest request, ActionContext context) {
        return click(request, context, false);
    }

    private Response click(BlockActionRequest request, ActionContext context, boolean approve) {
        var parsed = ButtonClick.of(request.getPayload());
        if (parsed.isEmpty()) {
            return ButtonClick.malformed();
        }
        ButtonClick click = parsed.get();
        vote(context.client(), click.value(), click.channel(), click.ts(), click.user(), approve, note -> {
            try {
                context.respond(response -> response.responseType("ephemeral").replaceOriginal(false)
                        .text(note.text()));
            } catch (Exception failed) {
                LOG.log(System.Logger.Level.WARNING, "response_url failed: " + failed.getMessage());
            }
        });
        return context.ack();
    }

    /** Casts a vote after the ack: updates the card at {@code channel}/{@code ts}, tells the voter if it did not count. */
    void vote(MethodsClient client, String idOrMessageRef, String channel, String ts, String voter, boolean approve,
              Consumer<Reply> privately) {
        background.execute(() -> {
            try {
                Ballot ballot = approvals.vote(idOrMessageRef, voter, approve, new SlackBoard(client, calls, channel, ts,
                        reply -> false), card -> update(client, channel, ts, card));
                ballot.note().ifPresent(privately);
                ballot.card().ifPresent(card -> update(client, channel, ts, card));
            } catch (RuntimeException failed) {
                LOG.log(System.Logger.Level.ERROR, "vote on " + idOrMessageRef + " failed", failed);
                privately.accept(Reply.privately(":x: Your vote could not be recorded: " + failed.getMessage()));
            }
        });
    }

    /** Whether {@code messageRef} is a restore request's card. */
    boolean isRequest(String messageRef) {
        return approvals.find(messageRef).isPresent();
    }

    private void update(MethodsClient client, String channel, String ts, ApprovalCard card) {
        try {
            SlackCards.update(client, calls, channel, ts, card);
        } catch (IOException logged) {
            // WebApiCalls logged it and counted it as unsent.
        } catch (RuntimeException failed) {
            LOG.log(System.Logger.Level.WARNING, "the card of restore request " + card.requestId() + " could not be"
                    + " updated: " + failed.getMessage());
        }
    }
}
