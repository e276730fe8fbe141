package dev.backstop.slack;

import dev.backstop.TestWorld;
import dev.backstop.chat.ChatCommands;
import dev.backstop.chat.JobRunner;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.SlackSettings;
import dev.backstop.http.HealthCheck;
import dev.backstop.http.HttpServer;
import dev.backstop.pipeline.JobLocks;
import dev.backstop.services.Services;
import dev.backstop.wiring.Wiring;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The bot wired as {@code Serving} wires it, behind a real HTTP server, talking to a {@link FakeSlackApi}. */
final class SlackHarness implements AutoCloseable {

    static final String SIGNING_SECRET = "test-signing-secret-8f2e";

    final FakeSlackApi slack;
    final TestWorld world;
    /** Locks of another process on the same catalog, so a test can stand for a job running elsewhere. */
    final JobLocks locks;
    final Services services;
    final HttpServer http;
    final int port;
    final SlackBot bot;
    /** The clock every part of this bot reads; tests move it forward instead of sleeping. */
    final FastForwardClock clock;
    private final PendingWork pending = new PendingWork();
    private final JobRunner jobs;
    private final ExecutorService background = pending.track(Executors.newFixedThreadPool(2));
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicInteger triggers = new AtomicInteger();
    /** Every wait for Slack's rate limit the bot asked for, in order; the waits really pass. */
    final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final WebApiCalls.Sleeper sleeper = duration -> {
        waits.add(duration);
        Thread.sleep(duration.toMillis());
    };

    private boolean ownsSlack = true;

    SlackHarness(Path root, boolean production) throws Exception {
        this(root, production, Duration.ofMinutes(30));
    }

    /** A new world whose production-restore requests expire after {@code approvalTtl}. */
    SlackHarness(Path root, boolean production, Duration approvalTtl) throws Exception {
        this(new FakeSlackApi(), root, production, approvalTtl);
    }

    private SlackHarness(FakeSlackApi slack, Path root, boolean production, Duration approvalTtl) throws Exception {
        this(slack, new TestWorld(root, production, new SlackSettings("xoxb-test", SIGNING_SECRET, "", slack.apiUrl(),
                "#ops", "#ops", List.of("U1", "U2", "U3"), approvalTtl)), new FastForwardClock());
        world.createDatabase(300);
    }

    /** What a test's own config is built from: a fresh world, and the fake Slack's API address and signing secret. */
    @FunctionalInterface
    interface Configure {
        BackstopConfig config(TestWorld world, String apiUrl, String signingSecret) throws Exception;
    }

    /** A new world (its sample database made) run with the config {@code configure} builds for it. */
    SlackHarness(Path root, Configure configure) throws Exception {
        this(new FakeSlackApi(), root, configure);
    }

    private SlackHarness(FakeSlackApi slack, Path root, Configure configure) throws Exception {
        this(slack, configured(new TestWorld(root), slack, configure), new FastForwardClock());
    }

    private static TestWorld configured(TestWorld world, FakeSlackApi slack, Configure configure) throws Exception {
        world.createDatabase(300);
        return world.withConfig(configure.config(world, slack.apiUrl(), SIGNING_SECRET));
    }

    /**
     * A new world (its sample database made) whose bot hands the backups, restores and drills asked for
     * to {@code queue} instead of running them itself, as a replica of a bot on a shared catalog does.
     */
    static SlackHarness queueing(Path root, dev.backstop.chat.JobQueue queue) throws Exception {
        return new SlackHarness(new FakeSlackApi(), root, queue);
    }

    private SlackHarness(FakeSlackApi slack, Path root, dev.backstop.chat.JobQueue queue) throws Exception {
        this(slack, new TestWorld(root, false, new SlackSettings("xoxb-test", SIGNING_SECRET, "", slack.apiUrl(),
                "#ops", "#ops", List.of("U1", "U2", "U3"), Duration.ofMinutes(30))), new FastForwardClock(), queue);
        world.createDatabase(300);
    }

    private SlackHarness(FakeSlackApi slack, TestWorld world, FastForwardClock clock) throws Exception {
        this(slack, world, clock, null);
    }

    private SlackHarness(FakeSlackApi slack, TestWorld world, FastForwardClock clock, dev.backstop.chat.JobQueue queue)
            throws Exception {
        this.slack = slack;
        this.world = world;
        this.clock = clock;
        services = Wiring.services(world.config, clock);
        locks = new JobLocks(services.catalog(), clock);
        jobs = new JobRunner(pending.track(Executors.newFixedThreadPool(4)), clock);
        bot = new SlackBot(world.config.slack(), new ChatCommands(services), jobs, queue, background, services.catalog(),
                clock, sleeper);
        http = new HttpServer(bot.endpoint(), new HealthCheck(
                Map.of("catalog", HealthCheck.Probe.of(services.catalog()::ping)), Map.of("slack", "http")),
                new dev.backstop.metrics.Metrics(world.config, services.catalog(), services.clock(), bot::unsentMessages)::render);
        port = http.start(0);
    }

    /** The form body Slack sends for a slash command; like Slack, each gets a trigger id of its own. */
    String commandBody(String command, String text, String user) {
        return commandBody(command, text, user, "C1");
    }

    /** The form body Slack sends for a slash command typed in {@code channel}. */
    String commandBody(String command, String text, String user, String channel) {
        return form(Map.of("token", "legacy", "team_id", "T1", "team_domain", "backstop-test", "channel_id", channel,
                "channel_name", "ops", "user_id", user, "user_name", user.toLowerCase(), "command", command,
                "text", text, "api_app_id", "A1")) + "&" + form(Map.of("response_url", slack.responseUrl(),
                "trigger_id", triggerId()));
    }

    /** A trigger id not used before, as Slack gives every command and click. */
    String triggerId() {
        return "1." + triggers.incrementAndGet() + ".3";
    }

    private static String form(Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&").append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return body.toString();
    }

    HttpResponse<String> command(String command, String text, String user) throws Exception {
        return command(command, text, user, "C1");
    }

    /** Sends a signed slash command typed by {@code user} in {@code channel}. */
    HttpResponse<String> command(String command, String text, String user, String channel) throws Exception {
        return signed(commandBody(command, text, user, channel), "application/x-www-form-urlencoded");
    }

    /** Posts {@code body} signed as Slack signs it, stamped with the bot's clock. */
    HttpResponse<String> signed(String body, String contentType) throws Exception {
        return post(body, contentType, signature(body, clock.instant().getEpochSecond()));
    }

    /** The headers Slack sends with {@code body} stamped {@code timestamp} (Unix seconds). */
    static Map<String, String> signature(String body, long timestamp) throws Exception {
        return Map.of("X-Slack-Request-Timestamp", "" + timestamp, "X-Slack-Signature",
                sign(SIGNING_SECRET, timestamp, body));
    }

    HttpResponse<String> post(String body, String contentType, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slack/events"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String sign(String secret, long timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] digest = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
        return "v0=" + HexFormat.of().formatHex(digest);
    }

    /** Stops this bot and starts a new one over the same folder and fake Slack, as a restart of the process would. */
    SlackHarness restart() throws Exception {
        ownsSlack = false;
        close();
        return new SlackHarness(slack, world, clock);
    }

    /**
     * Another replica of this bot: its own services, catalog instance, bot and HTTP port, over the same folder
     * (so the same catalog file), fake Slack and clock. Close it before this one.
     */
    SlackHarness replica() throws Exception {
        SlackHarness replica = new SlackHarness(slack, world, clock);
        replica.ownsSlack = false;
        return replica;
    }

    /**
     * Waits until the work the bot handed to its executors (votes, card updates, jobs) has finished,
     * so a test can then check that nothing more happened.
     */
    void awaitQuiet() {
        pending.awaitNone();
    }

    @Override
    public void close() throws Exception {
        http.close();
        jobs.drain(Duration.ofSeconds(30));
        background.shutdown();
        background.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        services.close();
        if (ownsSlack) {
            slack.close();
        }
    }
}
