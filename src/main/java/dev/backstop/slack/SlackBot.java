package dev.backstop.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.model.event.ReactionAddedEvent;
import com.slack.api.socket_mode.SocketModeClient;
import dev.backstop.approval.RequestCards;
import dev.backstop.chat.ApprovalAsked;
import dev.backstop.chat.ChatCommands;
import dev.backstop.chat.ChatRequest;
import dev.backstop.chat.Confirmation;
import dev.backstop.chat.Job;
import dev.backstop.chat.JobRunner;
import dev.backstop.chat.Outcome;
import dev.backstop.chat.Reply;
import dev.backstop.config.SlackSettings;
import dev.backstop.core.BackstopException;
import dev.backstop.core.Notifier;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Executor;

/** The Bolt app: each slash command is parsed by the chat layer, acked at once, and slow work goes to the job runner. */
public final class SlackBot {

    private static final System.Logger LOG = System.getLogger(SlackBot.class.getName());

    private final App app;
    private final Notifier notifier;
    private final RequestCards cards;

    /** Builds the app; {@code background} runs follow-ups after the ack, such as votes and the restores they approve. */
    public SlackBot(SlackSettings settings, ChatCommands commands, JobRunner jobs, Executor background, Clock clock) {
        SlackConfig slackConfig = new SlackConfig();
        String apiUrl = settings.apiUrl();
        slackConfig.setMethodsEndpointUrlPrefix(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
        this.app = app(AppConfig.builder()
                .singleTeamBotToken(settings.botToken())
                .signingSecret(settings.signingSecret())
                .slack(Slack.getInstance(slackConfig))
                .build(), slackConfig.getMethodsEndpointUrlPrefix());
        this.notifier = new SlackNotifier(app.slack().methods(settings.botToken()));
        this.cards = new SlackCards(app.slack().methods(settings.botToken()), commands.approvals());
        Confirmations confirmations = new Confirmations(clock);
        SlackApprovals approvals = new SlackApprovals(commands.approvals(), background);
        for (String command : ChatCommands.SLASH_COMMANDS) {
            app.command(command, (request, context) -> command(commands, jobs, confirmations, approvals,
                    request.getPayload(), context));
        }
        ConfirmHandler buttons = new ConfirmHandler(confirmations, jobs);
        app.blockAction(BlockKit.CONFIRM, buttons::confirm);
        app.blockAction(BlockKit.CANCEL, buttons::cancel);
        app.blockAction(BlockKit.APPROVE, approvals::approve);
        app.blockAction(BlockKit.DENY, approvals::deny);
        app.event(ReactionAddedEvent.class, new ReactionHandler(approvals, background));
    }

    /**
     * Bolt checks the bot token with auth.test when it builds its built-in middleware (signature check
     * first, then authorization), which adding ours after them triggers; a failure becomes one line.
     */
    private static App app(AppConfig config, String apiUrl) {
        try {
            App app = new App(config);
            app.use(new EventDeliveries());
            return app;
        } catch (IllegalArgumentException refused) {
            throw new BackstopException("Slack did not accept slack.bot_token (auth.test at " + apiUrl + " said: "
                    + refused.getMessage() + "); check SLACK_BOT_TOKEN and that " + apiUrl + " is reachable");
        }
    }

    private static Response command(ChatCommands commands, JobRunner jobs, Confirmations confirmations,
                                    SlackApprovals approvals, SlashCommandPayload payload,
                                    SlashCommandContext context) {
        Outcome outcome = commands.handle(new ChatRequest(payload.getCommand(), payload.getText(), payload.getUserId(),
                payload.getChannelId()));
        if (outcome instanceof Job job) {
            jobs.submit(job, new SlackBoard(context.client(), payload.getChannelId(), reply -> context.respond(
                    response -> response.responseType("in_channel").text(reply.text()).blocks(BlockKit.blocks(reply)))
                    .getCode() == 200));
            return context.ack();
        }
        if (outcome instanceof Confirmation confirmation) {
            String id = confirmations.hold(confirmation, payload.getChannelId());
            return context.ack(response -> response.responseType("ephemeral").text(confirmation.question().text())
                    .blocks(BlockKit.question(confirmation.question(), confirmation.label(), id)));
        }
        if (outcome instanceof ApprovalAsked asked) {
            approvals.post(context.client(), asked, note -> {
                try {
                    context.respond(response -> response.responseType("ephemeral").text(note.text()));
                } catch (IOException failed) {
                    LOG.log(System.Logger.Level.WARNING, "response_url failed: " + failed.getMessage());
                }
            });
            return context.ack(response -> response.responseType("ephemeral").text(asked.note().text())
                    .blocks(BlockKit.blocks(asked.note())));
        }
        Reply reply = (Reply) outcome;
        return context.ack(response -> response.responseType(reply.ephemeral() ? "ephemeral" : "in_channel")
                .text(reply.text()).blocks(BlockKit.blocks(reply)));
    }

    /** Posts alerts and other plain messages as the bot. */
    public Notifier notifier() {
        return notifier;
    }

    /** Updates the cards of the restore requests the sweep ends, in place. */
    public RequestCards requestCards() {
        return cards;
    }

    /** The app, for the HTTP endpoint. */
    public App app() {
        return app;
    }

    /** Connects over Socket Mode (Java-WebSocket backend) with {@code appToken}, without blocking. */
    public SocketModeApp startSocketMode(String appToken) throws Exception {
        SocketModeApp socketMode;
        try {
            socketMode = new SocketModeApp(appToken, SocketModeClient.Backend.JavaWebSocket, app);
        } catch (IOException failed) {
            throw new IOException("cannot open a Socket Mode connection to Slack: " + failed.getMessage(), failed);
        }
        socketMode.startAsync();
        return socketMode;
    }
}
