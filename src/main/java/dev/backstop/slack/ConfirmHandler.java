package dev.backstop.slack;

import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import dev.backstop.chat.ChatCommands;
import dev.backstop.chat.Confirmation;
import dev.backstop.chat.JobQueue;
import dev.backstop.chat.JobRunner;
import dev.backstop.chat.Outcome;
import dev.backstop.chat.Reply;
import java.io.IOException;

/**
 * Handles the Confirm and Cancel buttons of a held job: only its requester may press them, and only once
 * across every replica. The job is rebuilt from the command held in the catalog, answered again, so access
 * and the backup are checked again at the click. The confirmed job goes to the shared job queue, so any
 * replica may run it (and checks it once more when it does).
 */
final class ConfirmHandler {

    private static final System.Logger LOG = System.getLogger(ConfirmHandler.class.getName());

    private final Confirmations confirmations;
    private final ChatCommands commands;
    private final JobRunner jobs;
    private final JobQueue queue;
    private final WebApiCalls calls;

    /** Confirmed jobs go to {@code queue}, or run on {@code jobs} here when it is null. */
    ConfirmHandler(Confirmations confirmations, ChatCommands commands, JobRunner jobs, JobQueue queue,
                   WebApiCalls calls) {
        this.confirmations = confirmations;
        this.commands = commands;
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
        } else if (!held.get().requester().equals(user)) {
            respond(context, false, ":no_entry: Only <@" + held.get().requester() + "> can answer this request.");
        } else if (confirmations.take(id)) {
            var pending = held.get();
            if (confirmed) {
                run(pending, context, responseUrl);
            } else {
                respond(context, true, "Cancelled; nothing was changed.");
            }
        }
        return context.ack();
    }

    private void run(Confirmations.Pending pending, ActionContext context, String responseUrl) {
        Outcome again = commands.handle(pending.replay());
        if (!(again instanceof Confirmation confirmation)) {
            String why = again instanceof Reply reply ? reply.text() : "it now needs something else";
            respond(context, true, ":warning: The request changed since it was asked (" + why + "); nothing was"
                    + " changed; run the command again.");
            return;
        }
        respond(context, true, ":ok_hand: Confirmed: " + confirmation.job().title() + ".");
        var remake = confirmation.job().remake();
        if (queue != null && remake.isPresent()) {
            queue.queue(remake.get(), true, responseUrl);
            return;
        }
        jobs.submit(confirmation.job(), new SlackBoard(context.client(), calls, pending.channel(),
                reply -> context.respond(response -> response.responseType("in_channel").text(reply.text())
                        .blocks(BlockKit.blocks(reply))).getCode() == 200));
    }

    private static void respond(ActionContext context, boolean replaceOriginal, String text) {
        try {
            context.respond(response -> response.responseType("ephemeral").replaceOriginal(replaceOriginal).text(text));
        } catch (IOException failed) {
            LOG.log(System.Logger.Level.WARNING, "response_url failed: " + failed.getMessage());
        }
    }
}
