package dev.backstop.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.catalog.Catalog;
import dev.backstop.chat.ChatCommands;
import dev.backstop.chat.JobRunner;
import dev.backstop.core.BackupRecord;
import dev.backstop.schedule.AlertMonitor;
import dev.backstop.schedule.JobScheduler;
import dev.backstop.schedule.MonitorPass;
import dev.backstop.services.Services;
import dev.backstop.wiring.ChatOrders;
import dev.backstop.wiring.Wiring;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A backup asked for in Slack on one replica becomes a one-time job in the shared table; another replica,
 * which never saw the request, takes it, runs it and posts its start and result in the asker's channel.
 */
@Timeout(15)
class SlackQueuedJobTest extends SlackHarnessFixture {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void a_backup_asked_on_one_replica_runs_on_another_and_answers_in_the_channel() throws Exception {
        AtomicReference<JobScheduler> asking = new AtomicReference<>();
        harness = SlackHarness.queueing(root, (remake, confirmed, responseUrl) -> asking.get()
                .order(ChatOrders.order(remake, confirmed, responseUrl)));
        SlackHarness bot = harness;
        ExecutorService background = Executors.newFixedThreadPool(2);
        try (Services other = Wiring.services(bot.world.config, Clock.systemUTC());
             JobRunner otherJobs = new JobRunner(Executors.newSingleThreadExecutor(), Clock.systemUTC())) {
            SlackBot taker = new SlackBot(bot.world.config.slack(), new ChatCommands(other), otherJobs, background,
                    other.catalog(), Clock.systemUTC());
            // This replica takes no chat jobs (as a terminal-chat replica would not), so only the other can run it.
            try (JobScheduler here = scheduler(bot.services, "replica-asked", null);
                 JobScheduler there = scheduler(other, "replica-took", order -> taker.runQueued(
                         ChatOrders.remake(order), order.confirmed(), order.responseUrl()))) {
                asking.set(here);

                HttpResponse<String> ack = bot.command("/backup", "app", "U1");

                assertEquals(200, ack.statusCode());
                assertEquals("", ack.body(), "the command is acked at once, the job queued");
                FakeSlackApi.Call done = bot.slack.await(WAIT, call -> call.method().equals("chat.update")
                        && call.field("text").contains("done"));
                FakeSlackApi.Call posted = bot.slack.calls("chat.postMessage").get(0);
                assertEquals("C1", posted.field("channel"));
                assertEquals(":hourglass: Backup of *app* started by <@U1>",
                        SlackHttpTest.blockText(posted.field("blocks"), 0));
                List<BackupRecord> backups = other.catalog().list("app", 10);
                assertEquals(1, backups.size());
                assertEquals("U1", backups.get(0).actor(), "the backup is recorded by the asker");
                String result = SlackHttpTest.blockText(done.field("blocks"), 0);
                assertTrue(result.startsWith(":white_check_mark: Backup of *app* done: id `" + backups.get(0).id()
                        + "`, "), result);
                assertEquals("C1", done.field("channel"));
            }
        } finally {
            background.shutdownNow();
        }
    }

    private static JobScheduler scheduler(Services services, String replica, JobScheduler.ChatWork chat) {
        Catalog catalog = services.catalog();
        MonitorPass monitor = new MonitorPass(catalog, () -> { }, new AlertMonitor(services.config(), catalog,
                services.store(), services.layout()::probeKey, List.of(), Clock.systemUTC()), Clock.systemUTC());
        return JobScheduler.start(catalog.dataSource(), services.config(), catalog, database -> { }, database -> { },
                monitor, chat, Clock.systemUTC(), replica, failed -> { });
    }

    @Test
    void a_confirmed_restore_runs_on_another_replica_from_the_backup_that_was_confirmed() throws Exception {
        AtomicReference<JobScheduler> asking = new AtomicReference<>();
        harness = SlackHarness.queueing(root, (remake, confirmed, responseUrl) -> asking.get()
                .order(ChatOrders.order(remake, confirmed, responseUrl)));
        SlackHarness bot = harness;
        java.nio.file.Path target = root.resolve("restored.db");
        String confirmedId = bot.services.backups().backup("app", "U2", dev.backstop.core.Progress.NONE).id();
        ExecutorService background = Executors.newFixedThreadPool(2);
        try (Services other = Wiring.services(bot.world.config, Clock.systemUTC());
             JobRunner otherJobs = new JobRunner(Executors.newSingleThreadExecutor(), Clock.systemUTC())) {
            SlackBot taker = new SlackBot(bot.world.config.slack(), new ChatCommands(other), otherJobs, background,
                    other.catalog(), Clock.systemUTC());
            try (JobScheduler here = scheduler(bot.services, "replica-asked", null);
                 JobScheduler there = scheduler(other, "replica-took", order -> taker.runQueued(
                         ChatOrders.remake(order), order.confirmed(), order.responseUrl()))) {
                asking.set(here);
                HttpResponse<String> ack = bot.command("/restore", "app latest --to " + target, "U1");
                com.fasterxml.jackson.databind.JsonNode reply = JSON.readTree(ack.body());
                assertTrue(reply.path("blocks").get(0).path("text").path("text").asText()
                        .startsWith(":question: Restore *app* from backup `" + confirmedId + "`"), ack.body());
                String button = reply.path("blocks").get(1).path("elements").get(0).path("value").asText();
                Thread.sleep(1_100);
                String newer = bot.services.backups().backup("app", "U2", dev.backstop.core.Progress.NONE).id();
                assertTrue(!newer.equals(confirmedId));

                assertEquals(200, press(bot, button, "U1").statusCode());

                FakeSlackApi.Call done = bot.slack.await(WAIT, call -> call.method().equals("chat.update")
                        && call.field("text").contains("Restore of *app* done"));
                assertTrue(done.field("text").contains("backup `" + confirmedId + "`"), done.field("text"));
                assertTrue(done.field("text").contains("restored to `" + target), done.field("text"));
                assertEquals("C1", done.field("channel"));
                assertTrue(java.nio.file.Files.exists(target));
            }
        } finally {
            background.shutdownNow();
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static HttpResponse<String> press(SlackHarness bot, String value, String user) throws Exception {
        String payload = JSON.writeValueAsString(java.util.Map.of("type", "block_actions", "api_app_id", "A1",
                "token", "legacy", "trigger_id", bot.triggerId(),
                "user", java.util.Map.of("id", user, "username", user.toLowerCase(), "team_id", "T1"),
                "team", java.util.Map.of("id", "T1", "domain", "backstop-test"),
                "channel", java.util.Map.of("id", "C1", "name", "ops"),
                "container", java.util.Map.of("type", "message", "message_ts", "1700000000.1", "channel_id", "C1",
                        "is_ephemeral", true),
                "response_url", bot.slack.responseUrl(),
                "actions", List.of(java.util.Map.of("type", "button", "action_id", "backstop.confirm", "block_id",
                        "backstop.confirmation", "value", value, "action_ts", "1700000001.1",
                        "text", java.util.Map.of("type", "plain_text", "text", "Restore")))));
        return bot.signed("payload=" + java.net.URLEncoder.encode(payload, java.nio.charset.StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded");
    }
}
