package dev.backstop.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The retry bounds of {@link WebApiCalls} against the Slack stand-in, with a sleeper that records the waits. */
class WebApiCallsTest {

    private final FakeSlackApi slack;
    private final MethodsClient client;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final WebApiCalls calls = new WebApiCalls(waits::add);

    WebApiCallsTest() throws IOException {
        slack = new FakeSlackApi();
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(slack.apiUrl());
        client = Slack.getInstance(config).methods("xoxb-secret-token");
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    private void post() throws IOException {
        calls.send("chat.postMessage", "#ops", () -> client.chatPostMessage(request -> request.channel("#ops")
                .text("backup.failed")));
    }

    @Test
    void a_call_rate_limited_twice_waits_as_slack_says_and_goes_through() throws Exception {
        slack.rateLimit("chat.postMessage", 2, 3);

        post();

        assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(3)), waits);
        assertEquals(2, slack.rateLimited("chat.postMessage"));
        assertEquals(1, slack.calls("chat.postMessage").size());
        assertEquals(0, calls.unsent());
    }

    @Test
    void after_five_tries_the_message_is_given_up_counted_and_logged_once_without_the_token() throws Exception {
        slack.rateLimit("chat.postMessage", 100, 1);

        try (CapturedLog log = new CapturedLog(WebApiCalls.class)) {
            IOException failed = assertThrows(IOException.class, this::post);

            assertEquals(List.of("Slack message not sent: " + failed.getMessage()), log.messages());
            assertFalse(failed.getMessage().contains("xoxb"), failed.getMessage());
        }
        assertEquals(WebApiCalls.MAX_TRIES, slack.rateLimited("chat.postMessage"));
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1)), waits);
        assertEquals(List.of(), slack.calls("chat.postMessage"));
        assertEquals(1, calls.unsent());
    }

    @Test
    void waits_stop_before_they_pass_a_minute_in_all() throws Exception {
        slack.rateLimit("chat.postMessage", 100, 25);

        IOException failed = assertThrows(IOException.class, this::post);

        assertEquals(List.of(Duration.ofSeconds(25), Duration.ofSeconds(25)), waits, "a third wait would pass 60 s");
        assertEquals(3, slack.rateLimited("chat.postMessage"));
        assertTrue(failed.getMessage().startsWith("chat.postMessage to #ops was rate limited by Slack on 3 tries;"
                + " it asked to wait 25 s more after 50 s"), failed.getMessage());
        assertEquals(1, calls.unsent());
    }

    @Test
    void a_retry_after_longer_than_a_minute_is_not_waited_for() throws Exception {
        slack.rateLimit("chat.postMessage", 1, 120);

        assertThrows(IOException.class, this::post);

        assertEquals(List.of(), waits);
        assertEquals(1, calls.unsent());
    }

    @Test
    void a_refusal_is_not_retried_and_counts_as_unsent() throws Exception {
        slack.refuse("chat.postMessage", "not_in_channel");

        IOException failed = assertThrows(IOException.class, this::post);

        assertEquals("chat.postMessage to #ops was refused by Slack: not_in_channel (invite the bot to the channel)",
                failed.getMessage());
        assertEquals(1, slack.calls("chat.postMessage").size());
        assertEquals(List.of(), waits);
        assertEquals(1, calls.unsent());
    }

    @Test
    void an_answer_that_is_not_json_is_one_clear_line() throws Exception {
        com.sun.net.httpserver.HttpServer proxy = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> {
            byte[] page = "<html><body>502 Bad Gateway</body></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        proxy.start();
        try {
            SlackConfig config = new SlackConfig();
            config.setMethodsEndpointUrlPrefix("http://127.0.0.1:" + proxy.getAddress().getPort() + "/api/");
            MethodsClient html = Slack.getInstance(config).methods("xoxb-secret-token");

            IOException failed = assertThrows(IOException.class, () -> calls.send("chat.postMessage", "#ops",
                    () -> html.chatPostMessage(request -> request.channel("#ops").text("backup.failed"))));

            assertEquals("chat.postMessage to #ops failed: the Slack API answered with something that is not JSON;"
                    + " check that slack.api_url points at the Slack Web API", failed.getMessage());
            assertEquals(1, calls.unsent());
        } finally {
            proxy.stop(0);
        }
    }
}
