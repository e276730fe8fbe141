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
import dev.backstop.catalog.Catalog;
import dev.backstop.chat.ApprovalAsked;
import dev.backstop.chat.ChatCommands;
import dev.backstop.chat.ChatRequest;
import dev.backstop.chat.Confirmation;
import dev.backstop.chat.Job;
import dev.backstop.chat.JobQueue;
import dev.backstop.chat.JobRunner;
import dev.backstop.chat.Outcome;
import dev.backstop.chat.Reply;
import dev.backstop.config.SlackSettings;
import dev.backstop.core.BackstopException;
import dev.backstop.core.Notifier;
import dev.backstop.http.WebHandler;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Executor;

/** The Bolt app: each slash command is parsed by the chat layer, acked at once, and slow work goes to the job runner. */
public final class SlackBot {

    private static final System.Logger LOG = System.getLogger(SlackBot.class.getName());

    private final App app;
    private final Notifier notifier;
    private final RequestCards cards;
    private final WebApiCalls calls;
    private final BoltEndpoint endpoint;
    private final ChatCommands commands;
    private final JobRunner jobs;
    private final String botToken;

    /**
     * Builds the app; backups, restores and drills asked for run on {@code jobs} in this process;
     * {@code background} runs follow-ups after the ack, such as votes and the restores they approve. What
     * must survive a click landing on another replica (Confirm buttons, seen event ids and request
     * signatures) is kept in {@code catalog}.
     */
    public SlackBot(SlackSettings settings, ChatCommands commands, JobRunner jobs, Executor background, Catalog catalog,
                    Clock clock) {
        this(settings, commands, jobs, null, background, catalog, clock, WebApiCalls.Sleeper.THREAD);
    }

    /**
     * As above, but the backups, restores and drills asked for go to {@code queue}, for whichever replica
     * takes them, which runs them through {@link #runQueued}.
     */
    public SlackBot(SlackSettings settings, ChatCommands commands, JobRunner jobs, JobQueue queue, Executor background,
                    Catalog catalog, Clock clock) {
        this(settings, commands, jobs, queue, background, catalog, clock, WebApiCalls.Sleeper.THREAD);
    }

    /**
     * As above, with {@code queue} (null: jobs run on {@code jobs} here); {@code sleeper} waits out Slack's rate
     * limit before a message is sent again.
     */
    SlackBot(SlackSettings settings, ChatCommands commands, JobRunner jobs, JobQueue queue, Executor background,
             Catalog catalog, Clock clock, WebApiCalls.Sleeper sleeper) {
        this.commands = commands;
        this.jobs = jobs;
        this.botToken = settings.botToken();
        SlackConfig slackConfig = new SlackConfig();
        String apiUrl = settings.apiUrl();
        slackConfig.setMethodsEndpointUrlPrefix(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
        this.app = app(AppConfig.builder()
                .singleTeamBotToken(settings.botToken())
                .signingSecret(settings.signingSecret())
                .requestVerificationEnabled(false)
                .slack(Slack.getInstance(slackConfig))
                .build(), slackConfig.getMethodsEndpointUrlPrefix(), new EventDeliveries(catalog, clock));
        this.calls = new WebApiCalls(sleeper);
        this.endpoint = settings.signingSecret().isEmpty() ? null : new BoltEndpoint(app,
                new RequestSignatures(settings.signingSecret(), clock), new SeenSignatures(catalog, clock));
        this.notifier = new SlackNotifier(app.slack().methods(settings.botToken()), calls);
        this.cards = new SlackCards(app.slack().methods(settings.botToken()), calls, commands.approvals());
        Confirmations confirmations = new Confirmations(catalog, clock);
        SlackApprovals approvals = new SlackApprovals(commands.approvals(), background, calls);
        for (String command : ChatCommands.SLASH_COMMANDS) {
            app.command(command, (request, context) -> command(commands, jobs, queue, confirmations, approvals, calls,
                    request.getPayload(), context));
        }
        ConfirmHandler buttons = new ConfirmHandler(confirmations, commands, jobs, queue, calls);
        app.blockAction(BlockKit.CONFIRM, buttons::confirm);
        app.blockAction(BlockKit.CANCEL, buttons::cancel);
        app.blockAction(BlockKit.APPROVE, approvals::approve);
        app.blockAction(BlockKit.DENY, approvals::deny);
        app.event(ReactionAddedEvent.class, new ReactionHandler(approvals, background));
    }

    /**
     * Bolt checks the bot token with auth.test when it builds its built-in middleware (its signature check
     * is off: {@link BoltEndpoint} checks requests before Bolt sees them), which adding ours after them
     * triggers; a failure becomes one line.
     */
    private static App app(AppConfig config, String apiUrl, EventDeliveries deliveries) {
        try {
            App app = new App(config);
            app.use(deliveries);
            return app;
        } catch (IllegalArgumentException refused) {
            throw new BackstopException("Slack did not accept slack.bot_token (auth.test at " + apiUrl + " said: "
                    + refused.getMessage() + "); check SLACK_BOT_TOKEN and that " + apiUrl + " is reachable");
        }
    }

    private static Response command(ChatCommands commands, JobRunner jobs, JobQueue queue,
                                    Confirmations confirmations, SlackApprovals approvals, WebApiCalls calls,
                                    SlashCommandPayload payload, SlashCommandContext context) {
        if (blank(payload.getCommand()) || blank(payload.getUserId()) || blank(payload.getChannelId())) {
            return Response.builder().statusCode(400).contentType("text/plain; charset=utf-8")
                    .body("malformed slash command: it needs command, user_id and channel_id").build();
        }
        Outcome outcome = commands.handle(new ChatRequest(payload.getCommand(), payload.getText(), payload.getUserId(),
                payload.getChannelId()));
        if (outcome instanceof Job job && queue != null && job.remake().isPresent()) {
            queue.queue(job.remake().get(), false, payload.getResponseUrl() == null ? "" : payload.getResponseUrl());
            return context.ack();
        }
        if (outcome instanceof Job job) {
            jobs.submit(job, new SlackBoard(context.client(), calls, payload.getChannelId(), reply -> context.respond(
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

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /**
     * Runs a job queued by a replica of this bot (this one or another) on the calling thread: made again
     * from its request, it posts its start, progress and result in the channel it was asked in (through
     * {@code responseUrl} when the bot cannot post there; empty: no such fallback). A request that no
     * longer makes a job gets its refusal posted instead. Returns when the job ended; never throws.
     */
    public void runQueued(Job.Remake remake, boolean confirmed, String responseUrl) {
        var methods = app.slack().methods(botToken);
        SlackBoard board = new SlackBoard(methods, calls, remake.request().channel(), reply -> responseUrl.isBlank()
                ? false
                : new com.slack.api.bolt.util.Responder(app.slack(), responseUrl).sendToCommand(response -> response
                        .responseType("in_channel").text(reply.text()).blocks(BlockKit.blocks(reply))).getCode() == 200);
        ChatCommands.Remade remade = commands.remake(remake, confirmed);
        if (remade.job().isPresent()) {
            jobs.runHere(remade.job().get(), board);
        } else {
            board.post(remade.refusal());
        }
    }

    /** Posts alerts and other plain messages as the bot. */
    public Notifier notifier() {
        return notifier;
    }

    /** Updates the cards of the restore requests the sweep ends, in place. */
    public RequestCards requestCards() {
        return cards;
    }

    /**
     * The handler of {@code POST /slack/events}: it refuses (401) a request not signed with
     * {@code slack.signing_secret}, stamped more than five minutes before or after the bot's clock, or
     * received before (a replay), then runs the app.
     */
    public WebHandler endpoint() {
        if (endpoint == null) {
            throw new BackstopException("slack.signing_secret is empty; set SLACK_SIGNING_SECRET (the app's Signing"
                    + " Secret) so Backstop can check that requests come from Slack");
        }
        return endpoint;
    }

    /** How many messages (alerts, results, cards) Slack did not take and Backstop gave up on since start-up. */
    public long unsentMessages() {
        return calls.unsent();
    }

    /**
     * Connects over Socket Mode (Java-WebSocket backend) with {@code appToken}, without blocking; closing the
     * answer closes the connection. Bolt's own type stays inside this package.
     */
    public AutoCloseable startSocketMode(String appToken) throws Exception {
        SocketModeApp socketMode;
        try {
            socketMode = new SocketModeApp(appToken, SocketModeClient.Backend.JavaWebSocket, app);
        } catch (IOException failed) {
            throw new IOException("cannot open a Socket Mode connection to Slack: " + failed.getMessage(), failed);
        }
        socketMode.startAsync();
        return socketMode::close;
    }
}
