package dev.backstop.slack;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.ReactionAddedEvent;
import java.util.concurrent.Executor;

/**
 * Answers reactions to Backstop's own messages: they will count as approval votes once approvals
 * land, so for now the reacting person is told privately that nothing was approved.
 */
final class ReactionHandler implements BoltEventHandler<ReactionAddedEvent> {

    private static final System.Logger LOG = System.getLogger(ReactionHandler.class.getName());

    private final Executor background;

    ReactionHandler(Executor background) {
        this.background = background;
    }

    @Override
    public Response apply(EventsApiPayload<ReactionAddedEvent> payload, EventContext context) {
        ReactionAddedEvent event = payload.getEvent();
        if (event.getItemUser() != null && event.getItemUser().equals(context.getBotUserId())
                && event.getItem() != null) {
            background.execute(() -> {
                try {
                    context.client().chatPostEphemeral(request -> request.channel(event.getItem().getChannel())
                            .user(event.getUser()).text("Reactions will count as approval votes once production-restore"
                                    + " approvals land; nothing was approved by :" + event.getReaction() + ":."));
                } catch (Exception failed) {
                    LOG.log(System.Logger.Level.WARNING, "chat.postEphemeral failed: " + failed.getMessage());
                }
            });
        }
        return context.ack();
    }
}
