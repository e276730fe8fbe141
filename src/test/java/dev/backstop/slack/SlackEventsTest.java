package dev.backstop.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlackEventsTest {

    @TempDir
    Path root;

    private SlackHarness harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private static String reaction(String eventId) {
        return """
                {"token":"legacy","team_id":"T1","api_app_id":"A1","type":"event_callback","event_id":"%s",
                 "event_time":1700000000,"authorizations":[{"team_id":"T1","user_id":"UBOT","is_bot":true}],
                 "event":{"type":"reaction_added","user":"U2","reaction":"white_check_mark","item_user":"UBOT",
                  "item":{"type":"message","channel":"C1","ts":"1700000000.000001"},"event_ts":"1700000000.1"}}
                """.formatted(eventId).replace("\n", "");
    }

    private HttpResponse<String> deliver(String body, Map<String, String> extra) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        Map<String, String> headers = new java.util.HashMap<>(extra);
        headers.put("X-Slack-Request-Timestamp", "" + now);
        headers.put("X-Slack-Signature", SlackHarness.sign(SlackHarness.SIGNING_SECRET, now, body));
        return harness.post(body, "application/json", headers);
    }

    @Test
    void a_retried_event_delivery_runs_only_once() throws Exception {
        harness = new SlackHarness(root, false);

        assertEquals(200, deliver(reaction("Ev1"), Map.of()).statusCode());
        assertEquals(200, deliver(reaction("Ev1"), Map.of("X-Slack-Retry-Num", "1",
                "X-Slack-Retry-Reason", "http_timeout")).statusCode());
        assertEquals(200, deliver(reaction("Ev1"), Map.of("X-Slack-Retry-Num", "2",
                "X-Slack-Retry-Reason", "http_timeout")).statusCode());

        FakeSlackApi.Call answer = harness.slack.await(Duration.ofSeconds(10),
                call -> call.method().equals("chat.postEphemeral"));
        Thread.sleep(500);
        assertEquals(1, harness.slack.calls("chat.postEphemeral").size());
        assertEquals("U2", answer.field("user"));
        assertTrue(answer.field("text").contains("nothing was approved"), answer.field("text"));
    }

    @Test
    void an_unsigned_event_does_not_count_as_delivered() throws Exception {
        harness = new SlackHarness(root, false);

        HttpResponse<String> forged = harness.post(reaction("Ev2"), "application/json", Map.of());
        assertEquals(401, forged.statusCode());
        assertEquals(200, deliver(reaction("Ev2"), Map.of("X-Slack-Retry-Num", "1")).statusCode());

        harness.slack.await(Duration.ofSeconds(10), call -> call.method().equals("chat.postEphemeral"));
        assertEquals(1, harness.slack.calls("chat.postEphemeral").size());
    }

    @Test
    void twenty_concurrent_commands_are_each_acked_within_three_seconds() throws Exception {
        harness = new SlackHarness(root, false);
        String[][] commands = {{"/backup", "app"}, {"/backups", "app"}, {"/backstop", "status"},
                {"/backstop", "help"}, {"/backups", "app 3"}};
        ExecutorService senders = Executors.newFixedThreadPool(20);
        try {
            List<Future<long[]>> acks = new ArrayList<>();
            for (int index = 0; index < 20; index++) {
                String[] command = commands[index % commands.length];
                String user = "U" + index;
                acks.add(senders.submit(() -> {
                    long start = System.nanoTime();
                    HttpResponse<String> ack = harness.command(command[0], command[1], user);
                    return new long[] {ack.statusCode(), (System.nanoTime() - start) / 1_000_000};
                }));
            }
            for (Future<long[]> ack : acks) {
                long[] result = ack.get();
                assertEquals(200, result[0]);
                assertTrue(result[1] < 3000, "acked after " + result[1] + " ms");
            }
        } finally {
            senders.shutdown();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (finals().size() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(4, harness.slack.calls("chat.postMessage").size());
        assertEquals(4, finals().size(), "each of the four backups reports one result: " + finals());
        long finished = finals().stream().filter(text -> text.contains("done: id")).count();
        assertTrue(finished >= 1, "at least one backup ran: " + finals());
        assertTrue(finals().stream().allMatch(text -> text.contains("done: id") || text.contains("already running")),
                finals().toString());
    }

    private List<String> finals() {
        return harness.slack.calls("chat.update").stream().map(call -> call.field("text"))
                .filter(text -> text.contains("done: id") || text.contains("did not finish")).toList();
    }
}
