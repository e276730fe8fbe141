package dev.backstop.slack;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.ReactionAddedEvent;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Counts reactions on a restore request's card as votes: {@code :white_check_mark:} approves and
 * {@code :x:} denies. Other reactions, and reactions on other messages, are ignored.
 */
final class ReactionHandler implements BoltEventHandler<ReactionAddedEvent> {

    private static final System.Logger LOG = System.getLogger(ReactionHandler.class.getName());
    private static final Map<String, Boolean> VOTES = Map.of("white_check_mark", true, "x", false);

    private final SlackApprovals approvals;
    private final Executor background;

    ReactionHandler(SlackApprovals approvals, Executor background) {
        this.approvals = approvals;
        this.background = background;
    }

    @Override
    public Response apply(EventsApiPayload<ReactionAddedEvent> payload, EventContext context) {
        ReactionAddedEvent event = payload.getEvent();
        Boolean approve = event.getReaction() == null ? null : VOTES.get(event.getReaction());
        if (approve == null || event.getItem() == null || !"message".equals(event.getItem().getType())) {
            return context.ack();
        }
        String channel = event.getItem().getChannel();
        String ts = event.getItem().getTs();
        String messageRef = channel + "/" + ts;
        background.execute(() -> {
            if (!approvals.isRequest(messageRef)) {
                return;
            }
            approvals.vote(context.client(), messageRef, channel, ts, event.getUser(), approve, note -> {
                try {
                    context.client().chatPostEphemeral(request -> request.channel(channel).user(event.getUser())
                            .text(note.text()));
                } catch (Exception failed) {
                    LOG.log(System.Logger.Level.WARNING, "chat.postEphemeral failed: " + failed.getMessage());
                }
            });
        });
        return context.ack();
    }
}
