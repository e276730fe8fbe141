package dev.backstop.wiring;

import dev.backstop.approval.ApprovalSweep;
import dev.backstop.approval.RequestCards;
import dev.backstop.chat.ChatCommands;
import dev.backstop.chat.JobRunner;
import dev.backstop.chat.TerminalChat;
import dev.backstop.cli.StatusReport;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.Durations;
import dev.backstop.config.SlackSettings;
import dev.backstop.core.AlertSink;
import dev.backstop.core.BackstopException;
import dev.backstop.core.Notifier;
import dev.backstop.core.Progress;
import dev.backstop.http.BasicAuth;
import dev.backstop.http.HealthCheck;
import dev.backstop.http.HttpServer;
import dev.backstop.http.StatusPage;
import dev.backstop.http.WebHandler;
import dev.backstop.metrics.Metrics;
import dev.backstop.pipeline.JobLocks;
import dev.backstop.pipeline.RunningJobs;
import dev.backstop.schedule.AlertMonitor;
import dev.backstop.schedule.JobScheduler;
import dev.backstop.schedule.MonitorPass;
import dev.backstop.schedule.NotifierAlertSink;
import dev.backstop.schedule.WebhookAlertSink;
import dev.backstop.services.Services;
import dev.backstop.slack.SlackBot;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/** Runs the bot and its HTTP server around the services {@link Wiring} built. */
public final class Serving {

    private static final int JOB_THREADS = 4;

    private Serving() {
    }

    /**
     * Runs the bot: Socket Mode with an app token, HTTP with a bot token, else a terminal chat on {@code in}.
     * The HTTP server (health, metrics, status page) runs with Slack in both modes, and with the terminal
     * chat when the config has an {@code http} section.
     */
    public static void serve(Services services, BufferedReader in, PrintWriter out) throws Exception {
        SlackSettings slack = services.config().slack();
        ChatCommands commands = new ChatCommands(services);
        ExecutorService background = Executors.newFixedThreadPool(JOB_THREADS);
        AtomicReference<SlackBot> slackBot = new AtomicReference<>();
        Metrics metrics = new Metrics(services.config(), services.catalog(), services.clock(),
                () -> slackBot.get() == null ? 0 : slackBot.get().unsentMessages());
        try (JobRunner jobs = new JobRunner(Executors.newFixedThreadPool(JOB_THREADS), services.clock())) {
            if (!slack.configured() && slack.appToken().isEmpty()) {
                Notifier printed = (channel, text) -> {
                    synchronized (out) {
                        out.println("[" + channel + "] " + text);
                        out.flush();
                    }
                };
                TerminalChat chat = new TerminalChat(commands, jobs, out,
                        TerminalChat.SHELL_USER + System.getProperty("user.name", "you"));
                chat.greet();
                try (JobScheduler scheduled = startScheduler(services, printed, chat.requestCards(), metrics, null);
                     HttpServer http = services.config().http().declared() ? httpServer(services, null,
                             healthCheck(services, scheduled::staleness, "terminal"), metrics) : null) {
                    if (http != null) {
                        synchronized (out) {
                            out.println("Status page at " + listen(http, services.config()) + "/ (health at /healthz)");
                            out.flush();
                        }
                    }
                    chat.run(in);
                }
                chat.farewell();
                return;
            }
            if (!slack.configured()) {
                throw new BackstopException("slack.app_token is set but slack.bot_token is empty; set SLACK_BOT_TOKEN"
                        + " (xoxb-...) as well, or neither for the terminal chat");
            }
            boolean socketMode = !slack.appToken().isEmpty();
            if (!socketMode && slack.signingSecret().isEmpty()) {
                throw new BackstopException("slack.signing_secret is empty; set SLACK_SIGNING_SECRET (the app's"
                        + " Signing Secret) so Backstop can check that requests come from Slack");
            }
            AtomicReference<JobScheduler> running = new AtomicReference<>();
            SlackBot bot = new SlackBot(slack, commands, jobs, (remake, confirmed, responseUrl) -> {
                JobScheduler scheduler = running.get();
                if (scheduler == null) {
                    throw new BackstopException("the job scheduler is not running yet; try again in a moment");
                }
                scheduler.order(ChatOrders.order(remake, confirmed, responseUrl));
            }, background, services.catalog(), services.clock());
            slackBot.set(bot);
            try (JobScheduler scheduled = startScheduler(services, bot.notifier(), bot.requestCards(), metrics,
                    order -> bot.runQueued(ChatOrders.remake(order), order.confirmed(), order.responseUrl()));
                 HttpServer http = httpServer(services, socketMode ? null : bot.endpoint(),
                         healthCheck(services, scheduled::staleness, socketMode ? "socket_mode" : "http"),
                         metrics)) {
                running.set(scheduled);
                String address = listen(http, services.config());
                var socket = socketMode ? bot.startSocketMode(slack.appToken()) : null;
                out.println("Backstop is serving Slack over " + (socketMode ? "Socket Mode" : "HTTP at " + address
                        + HttpServer.EVENTS_PATH) + "; status page at " + address + "/, health at " + address
                        + "/healthz");
                out.flush();
                awaitShutdown();
                if (socket != null) {
                    socket.close();
                }
            }
        } finally {
            background.shutdownNow();
        }
    }

    /**
     * The HTTP server: Slack's {@code events} endpoint (null: none), {@code /healthz}, {@code /metrics} and
     * the status page, the last two behind {@code http.auth} when it is set.
     */
    public static HttpServer httpServer(Services services, WebHandler events, HealthCheck health, Metrics metrics) {
        BackstopConfig config = services.config();
        BasicAuth auth = config.http().auth().map(login -> new BasicAuth(login.user(), login.password())).orElse(null);
        return new HttpServer(events, health, metrics::render, new StatusPage(() -> StatusReport.page(services)), auth);
    }

    /** Starts {@code http} on {@code http.bind} and {@code http.port}; returns its address, such as {@code http://127.0.0.1:3000}. */
    public static String listen(HttpServer http, BackstopConfig config) {
        String bind = config.http().bind();
        int port;
        try {
            port = http.start(bind, config.httpPort());
        } catch (RuntimeException failed) {
            throw new BackstopException("cannot listen on " + bind + " port " + config.httpPort() + " (the port is in"
                    + " use, or the address is not this machine's); set http.port to a free port or http.bind to an"
                    + " address of this machine");
        }
        return "http://" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + port;
    }

    /**
     * What {@code /healthz} checks: the catalog answers (a failure says only "unreachable", never the
     * catalog's path), the scheduler's monitor pass ran within two periods, and no job has stalled.
     */
    public static HealthCheck healthCheck(Services services, HealthCheck.Probe scheduler, String slackTransport) {
        Map<String, HealthCheck.Probe> probes = new LinkedHashMap<>();
        probes.put("catalog", HealthCheck.Probe.of(services.catalog()::ping));
        probes.put("scheduler", scheduler);
        probes.put("jobs", () -> stalledJobs(services.backups().jobs()));
        return new HealthCheck(probes, Map.of("slack", slackTransport));
    }

    private static Optional<String> stalledJobs(RunningJobs jobs) {
        List<String> stalled = jobs.stalled().stream().map(job -> job.describe() + " silent for "
                + Durations.format(job.silentFor())).toList();
        return stalled.isEmpty() ? Optional.empty() : Optional.of("stalled: " + String.join(", ", stalled));
    }

    /**
     * Ends the restore requests a stopped bot left behind (now, at start-up), showing each ending on its
     * card through {@code cards}, then runs the job scheduler on the catalog until closed: scheduled
     * backups and drills, and the monitor pass (sweeps and the alert check) every
     * {@code scheduler.monitor_every}, once across all replicas; jobs on {@code scheduler.workers} threads.
     * Alert deliveries are counted in {@code metrics}.
     */
    private static JobScheduler startScheduler(Services services, Notifier notifier, RequestCards cards,
                                               Metrics metrics, JobScheduler.ChatWork chat) {
        BackstopConfig config = services.config();
        List<AlertSink> sinks = new ArrayList<>(List.of(metrics.counted("chat", new NotifierAlertSink(notifier))));
        if (!config.alerts().webhookUrl().isEmpty()) {
            sinks.add(metrics.counted("webhook", WebhookAlertSink.standard(URI.create(config.alerts().webhookUrl()))));
        }
        AlertMonitor alerts = new AlertMonitor(config, services.catalog(), services.store(), services.layout()::probeKey,
                sinks, services.clock());
        ApprovalSweep approvals = new ApprovalSweep(services.approvals(), services.catalog(), notifier,
                config.slack().approvalsChannel(), cards, services.clock());
        approvals.run();
        MonitorPass monitor = new MonitorPass(services.catalog(), approvals::run, alerts, services.clock(),
                config.scheduler().stallTimeout(), metrics::monitorPassTook);
        return JobScheduler.start(services.catalog().dataSource(), config, services.catalog(),
                database -> services.backups().backup(database, JobScheduler.ACTOR, Progress.NONE),
                database -> services.drills().drill(database, "latest", JobScheduler.ACTOR, Progress.NONE),
                monitor, chat, services.clock(), replicaName(),
                failed -> System.err.println("backstop: scheduler pass failed: " + failed.getMessage()));
    }

    /**
     * This replica's name in the job table: the host and the process id, such as {@code bot-1:4711}, which
     * also starts the holder name of each job lock it takes, so a replica finding it dead frees them.
     */
    private static String replicaName() {
        return JobLocks.processName();
    }

    private static void awaitShutdown() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "backstop-shutdown"));
        stopped.await();
    }
}
