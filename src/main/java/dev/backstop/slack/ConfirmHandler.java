package dev.backstop.slack;

import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import dev.backstop.chat.JobQueue;
import dev.backstop.chat.JobRunner;
import java.io.IOException;

/** Handles the Confirm and Cancel buttons of a held job: only its requester may press them, and only once. */
final class ConfirmHandler {

    private static final System.Logger LOG = System.getLogger(ConfirmHandler.class.getName());

    private final Confirmations confirmations;
    private final JobRunner jobs;
    private final JobQueue queue;
    private final WebApiCalls calls;

    /** Confirmed jobs go to {@code queue}, or run on {@code jobs} here when it is null. */
    ConfirmHandler(Confirmations confirmations, JobRunner jobs, JobQueue queue, WebApiCalls calls) {
        this.confirmations = confirmations;
        this.jobs = jobs;
        this.queue = queue;
        this.calls = calls;
    }

    Response confirm(BlockActionRequest request, ActionContext context) {
        return press(request, context, true);
    }

    Response cancel(BlockActionRequest request, ActionContext context) {
        return press(request, context, false);
    }

    private Response press(BlockActionRequest request, ActionContext context, boolean confirmed) {
        var click = ButtonClick.of(request.getPayload());
        String responseUrl = request.getPayload() == null ? null : request.getPayload().getResponseUrl();
        if (click.isEmpty() || responseUrl == null || responseUrl.isBlank()) {
            return ButtonClick.malformed();
        }
        String id = click.get().value();
        String user = click.get().user();
        var held = confirmations.peek(id);
        if (held.isEmpty()) {
            respond(context, true, ":warning: This request has expired or was already answered; run the command again.");
        } else if (!held.get().confirmation().requester().equals(user)) {
            respond(context, false, ":no_entry: Only <@" + held.get().confirmation().requester()
                    + "> can answer this request.");
        } else if (confirmations.take(id)) {
            var pending = held.get();
            if (confirmed) {
                respond(context, true, ":ok_hand: Confirmed: " + pending.confirmation().job().title() + ".");
                var remake = pending.confirmation().job().remake();
                if (queue != null && remake.isPresent()) {
                    queue.queue(remake.get(), true, responseUrl);
                    return context.ack();
                }
                jobs.submit(pending.confirmation().job(), new SlackBoard(context.client(), calls, pending.channel(),
                        reply -> context.respond(response -> response.responseType("in_channel").text(reply.text())
                                .blocks(BlockKit.blocks(reply))).getCode() == 200));
            } else {
                respond(context, true, "Cancelled; nothing was changed.");
            }
        }
        return context.ack();
    }

    private static void respond(ActionContext context, boolean replaceOriginal, String text) {
        try {
            context.respond(response -> response.responseType("ephemeral").replaceOriginal(replaceOriginal).text(text));
        } catch (IOException failed) {
            LOG.log(System.Logger.Level.WARNING, "response_url failed: " + failed.getMessage());
        }
    }
}
