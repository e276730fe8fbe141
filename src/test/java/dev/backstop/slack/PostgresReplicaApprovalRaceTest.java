package dev.backstop.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.Eventually;
import dev.backstop.TestWorld;
import dev.backstop.approval.ApprovalState;
import dev.backstop.config.ConfigLoader;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.Progress;
import dev.backstop.engine.Engines;
import dev.backstop.engine.PostgresServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Two Slack bot replicas (each its own services, catalog pool, bot and HTTP port) on one PostgreSQL
 * catalog; the second approver's Approve click of a production restore reaches both at the same
 * instant (two approvers, released by a barrier), round after round. Exactly one restore runs per
 * request, its card and thread say so once, and the other click is told the request was decided. The
 * service-level race on a SQLite file is {@code approval.ReplicaVoteRaceTest}.
 */
class PostgresReplicaApprovalRaceTest extends SlackHarnessFixture {

    private static final int ROUNDS = 5;
    private static final String PASSWORD_VARIABLE = "BACKSTOP_TEST_CATALOG_PASSWORD";

    /** Backs up, asks for a restore to {@code target} as U9 on the first replica, and returns its card. */
    private ApprovalDriver.Posted ask(Path target) throws Exception {
        harness.services.backups().backup("app", "cron", Progress.NONE);
        assertEquals(200, harness.command("/restore", "app latest --to " + target, "U9").statusCode());
        FakeSlackApi.Call call = harness.slack.await(ApprovalDriver.WAIT, posted -> posted.method()
                .equals("chat.postMessage") && posted.field("blocks").contains(BlockKit.APPROVE)
                && posted.field("text").contains("`" + target + "`"));
        JsonNode blocks = ApprovalDriver.blocks(call);
        String requestId = blocks.get(blocks.size() - 1).path("elements").get(0).path("value").asText();
        Eventually.waitUntil("request " + requestId + " to remember its card", ApprovalDriver.WAIT, () -> harness
                .services.catalog().findApproval(requestId).filter(request -> !request.messageRef().isEmpty())
                .isPresent());
        String messageRef = harness.services.catalog().findApproval(requestId).orElseThrow().messageRef();
        return new ApprovalDriver.Posted(requestId, messageRef.substring(ApprovalDriver.CHANNEL.length() + 1), call);
    }

    @Test
    void the_second_approval_clicked_on_two_replicas_at_once_restores_once() throws Exception {
        PostgresServer server = PostgresServer.shared();
        String catalog = server.freshDatabase("slack_race_");
        harness = new SlackHarness(root, (world, apiUrl, secret) -> {
            Path file = world.root.resolve("backstop.yml");
            Files.writeString(file, """
                    catalog: %s
                    catalog_password: ${%s}
                    work_dir: ./work
                    storage:
                      type: local
                      path: ./backups
                    encryption:
                      recipients: [%s]
                      identity_file: ./age.key
                    slack:
                      bot_token: xoxb-test
                      signing_secret: %s
                      api_url: %s
                      approvers: [U1, U2, U3]
                    databases:
                      app:
                        engine: sqlite
                        path: ./app.db
                        production: true
                        operators: [U1, U2, U3, U9]
                        restore_targets: [./]
                    """.formatted(server.url(catalog), PASSWORD_VARIABLE, world.key.recipient(), secret, apiUrl));
            return new ConfigLoader(Map.of(PASSWORD_VARIABLE, PostgresServer.PASSWORD), Engines.ALL).load(file);
        });
        ExecutorService clickers = Executors.newFixedThreadPool(2);
        try (SlackHarness other = harness.replica()) {
            assertTrue(harness.services.catalog().location().url().contains("/" + catalog),
                    "both replicas share the PostgreSQL catalog");
            ApprovalDriver first = new ApprovalDriver(harness);
            ApprovalDriver second = new ApprovalDriver(other);
            for (int round = 0; round < ROUNDS; round++) {
                Path target = root.resolve("restored-" + round + ".db");
                ApprovalDriver.Posted card = ask(target);
                assertEquals(200, second.press(BlockKit.APPROVE, card, "U1").statusCode(), "round " + round);
                first.awaitCard(card, "*Approvals:* 1 of 2: <@U1>");

                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<HttpResponse<String>>> acks = new ArrayList<>();
                for (Callable<HttpResponse<String>> click : List.<Callable<HttpResponse<String>>>of(
                        () -> first.press(BlockKit.APPROVE, card, "U2"),
                        () -> second.press(BlockKit.APPROVE, card, "U3"))) {
                    acks.add(clickers.submit(() -> {
                        together.await();
                        return click.call();
                    }));
                }
                for (Future<HttpResponse<String>> ack : acks) {
                    assertEquals(200, ack.get().statusCode(), "round " + round);
                }

                String id = card.requestId();
                FakeSlackApi.Call executed = first.awaitCard(card, "*State:* executed");
                assertTrue(executed.field("text").contains("*Approvals:* 2 of 2: <@U1>, <@U"), executed.field("text"));
                // The restore's message in the card's thread, updated to its end.
                harness.slack.await(ApprovalDriver.WAIT, call -> call.method().equals("chat.update")
                        && !call.field("ts").equals(card.ts())
                        && call.field("text").contains("for request `" + id + "` done: backup `"));
                FakeSlackApi.Call told = first.awaitNote("Restore request `" + id + "` is already");
                assertTrue(told.body().contains("your vote changed nothing"), told.body());
                harness.awaitQuiet();
                other.awaitQuiet();

                List<AuditEntry> audit = other.services.catalog().auditLog(10_000);
                assertEquals(1, audit.stream().filter(entry -> entry.action().equals("restore")
                        && entry.outcome().equals("succeeded") && entry.target().equals(target.toString())).count(),
                        "round " + round + ": " + audit);
                assertEquals(0, audit.stream().filter(entry -> entry.action().equals("restore")
                        && entry.target().equals(target.toString()) && !entry.outcome().equals("succeeded")).count(),
                        "no second restore was started, not even refused: " + audit);
                assertEquals(1, harness.slack.calls("chat.postMessage").stream()
                        .filter(call -> call.field("thread_ts").equals(card.ts())).count(),
                        "one restore reported in the request's thread, round " + round);
                assertEquals(1, harness.slack.calls("response_url").stream()
                        .filter(call -> call.body().contains(id) && call.body().contains("your vote changed nothing"))
                        .count(), "the losing click, and only it, was told; round " + round);
                assertEquals(ApprovalState.EXECUTED, other.services.approvals().find(id).orElseThrow().state());
                assertEquals(2, harness.services.approvals().find(id).orElseThrow().approvedBy().size());
                assertEquals(TestWorld.rowCounts(harness.world.database), TestWorld.rowCounts(target));
            }
            assertEquals(ROUNDS, harness.services.catalog().auditLog(10_000).stream()
                    .filter(entry -> entry.action().equals("restore.vote") && entry.outcome().equals("approved"))
                    .count(), "one approving vote per request");
        } finally {
            clickers.shutdownNow();
        }
    }
}
