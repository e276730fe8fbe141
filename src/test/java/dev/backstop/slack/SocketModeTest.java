package dev.backstop.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.Eventually;
import dev.backstop.TestWorld;
import dev.backstop.chat.ChatCommands;
import dev.backstop.chat.JobRunner;
import dev.backstop.config.SlackSettings;
import dev.backstop.services.Services;
import dev.backstop.wiring.Wiring;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketModeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    /** Plays Slack's side of a Socket Mode connection: says hello, then sends the envelopes the test queues. */
    private static final class FakeSocketModeServer extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);
        final BlockingQueue<WebSocket> connections = new LinkedBlockingQueue<>();
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        FakeSocketModeServer() {
            super(new InetSocketAddress("127.0.0.1", 0));
            setReuseAddr(true);
        }

        @Override
        public void onOpen(WebSocket connection, ClientHandshake handshake) {
            connection.send("{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"test\"},"
                    + "\"connection_info\":{\"app_id\":\"A1\"}}");
            connections.add(connection);
        }

        @Override
        public void onClose(WebSocket connection, int code, String reason, boolean remote) {
        }

        @Override
        public void onMessage(WebSocket connection, String message) {
            received.add(message);
        }

        @Override
        public void onError(WebSocket connection, Exception failure) {
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }

    private static String slashCommand(String envelopeId, String command, String text) throws Exception {
        Map<String, Object> payload = Map.of("token", "legacy", "team_id", "T1", "team_domain", "backstop-test",
                "channel_id", "C1", "channel_name", "ops", "user_id", "U1", "user_name", "u1", "command", command,
                "text", text, "api_app_id", "A1");
        return JSON.writeValueAsString(Map.of("envelope_id", envelopeId, "type", "slash_commands",
                "accepts_response_payload", true, "payload", payload));
    }

    private record Acked(WebSocket connection, JsonNode ack) {
    }

    /**
     * Sends {@code envelope} on the newest open connection until Backstop acks it, since the client
     * may still be settling in (or reconnecting) just after it connected; the envelope must be safe to repeat.
     */
    private static Acked sendUntilAcked(FakeSocketModeServer server, String envelope, String envelopeId) {
        AtomicReference<Acked> acked = new AtomicReference<>();
        Eventually.waitUntil("an ack for envelope " + envelopeId, Duration.ofSeconds(20), () -> {
            WebSocket connection = server.getConnections().stream().filter(WebSocket::isOpen)
                    .reduce((first, later) -> later).orElse(null);
            if (connection == null) {
                return false;
            }
            connection.send(envelope);
            try {
                awaitAck(server, envelopeId, Duration.ofMillis(500)).ifPresent(ack -> acked.set(new Acked(connection, ack)));
            } catch (Exception unreadable) {
                throw new AssertionError(unreadable);
            }
            return acked.get() != null;
        });
        return acked.get();
    }

    private static JsonNode ackFor(FakeSocketModeServer server, String envelopeId) throws Exception {
        return awaitAck(server, envelopeId, Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no ack for envelope " + envelopeId));
    }

    private static Optional<JsonNode> awaitAck(FakeSocketModeServer server, String envelopeId, Duration wait)
            throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            String message = server.received.poll(100, TimeUnit.MILLISECONDS);
            if (message != null && JSON.readTree(message).path("envelope_id").asText().equals(envelopeId)) {
                return Optional.of(JSON.readTree(message));
            }
        }
        return Optional.empty();
    }

    @Test
    void socket_mode_acks_a_slash_command_envelope_and_runs_the_backup() throws Exception {
        FakeSocketModeServer socketServer = new FakeSocketModeServer();
        socketServer.start();
        assertTrue(socketServer.started.await(10, TimeUnit.SECONDS));
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (FakeSlackApi slack = new FakeSlackApi()) {
            slack.socketModeUrl("ws://127.0.0.1:" + socketServer.getPort() + "/link");
            TestWorld world = new TestWorld(root, false, new SlackSettings("xoxb-test", "", "xapp-test",
                    slack.apiUrl(), "#ops", "#ops", List.of("U1", "U2"), Duration.ofMinutes(30)));
            world.createDatabase(100);
            try (Services services = Wiring.services(world.config, Clock.systemUTC());
                 JobRunner jobs = new JobRunner(Executors.newFixedThreadPool(2), Clock.systemUTC())) {
                SlackBot bot = new SlackBot(world.config.slack(), new ChatCommands(services), jobs, background,
                        services.catalog(), Clock.systemUTC());
                AutoCloseable socketMode = bot.startSocketMode("xapp-test");
                try {
                    assertNotNull(socketServer.connections.poll(20, TimeUnit.SECONDS),
                            "Backstop connected to the URL from apps.connections.open");
                    assertTrue(slack.calls("apps.connections.open").size() >= 1);
                    Acked first = sendUntilAcked(socketServer, slashCommand("env-1", "/backup", "nope"), "env-1");
                    WebSocket connection = first.connection();
                    JsonNode usage = first.ack();
                    assertEquals("ephemeral", usage.path("payload").path("response_type").asText());
                    assertTrue(usage.path("payload").path("text").asText().contains("unknown database `nope`"),
                            usage.toString());

                    connection.send(slashCommand("env-2", "/backup", "app"));
                    ackFor(socketServer, "env-2");
                    FakeSlackApi.Call done = slack.await(Duration.ofSeconds(30),
                            call -> call.method().equals("chat.update") && call.field("text").contains("done: id"));
                    assertEquals("C1", done.field("channel"));
                    assertEquals(1, services.catalog().list("app", 10).size());
                } finally {
                    socketMode.close();
                    jobs.drain(Duration.ofSeconds(30));
                }
            }
        } finally {
            background.shutdownNow();
            socketServer.stop(1000);
        }
    }
}
