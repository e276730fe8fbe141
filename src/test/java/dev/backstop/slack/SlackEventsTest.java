package dev.backstop.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.Eventually;
import dev.backstop.TestWorld;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SlackEventsTest extends SlackHarnessFixture {

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
                String user = command[0].equals("/backup") ? TestWorld.OPERATORS.get(index / commands.length)
                        : "U" + index;
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
        Eventually.waitUntil("each of the four backups to report a result", Duration.ofSeconds(60),
                () -> finals().size() >= 4);
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
