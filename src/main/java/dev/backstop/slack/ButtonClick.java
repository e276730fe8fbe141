package dev.backstop.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.response.Response;
import java.util.Optional;

/**
 * What Backstop reads from a button's {@code block_actions} payload: who clicked, the button's
 * value, and the message it is on. A payload without them is malformed and answered {@code 400}.
 */
record ButtonClick(String user, String value, String channel, String ts) {

    /** The click in {@code payload}, or empty when a field Backstop needs is missing. */
    static Optional<ButtonClick> of(BlockActionPayload payload) {
        if (payload == null || payload.getUser() == null || blank(payload.getUser().getId())
                || payload.getActions() == null || payload.getActions().isEmpty()
                || blank(payload.getActions().get(0).getValue())) {
            return Optional.empty();
        }
        String channel = null;
        String ts = null;
        if (payload.getContainer() != null) {
            channel = payload.getContainer().getChannelId();
            ts = payload.getContainer().getMessageTs();
        }
        if (blank(channel) && payload.getChannel() != null) {
            channel = payload.getChannel().getId();
        }
        if (blank(ts) && payload.getMessage() != null) {
            ts = payload.getMessage().getTs();
        }
        if (blank(channel) || blank(ts)) {
            return Optional.empty();
        }
        return Optional.of(new ButtonClick(payload.getUser().getId(), payload.getActions().get(0).getValue(), channel,
                ts));
    }

    /** The answer to a click whose payload lacks what Backstop needs. */
    static Response malformed() {
        return Response.builder().statusCode(400).contentType("text/plain; charset=utf-8")
                .body("malformed block_actions payload: it needs user.id, actions[0].value and the message's channel"
                        + " and ts")
                .build();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
