package dev.backstop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.cli.BackstopCli;
import dev.backstop.wiring.Serving;
import dev.backstop.wiring.Wiring;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} with the terminal chat opens the HTTP server, status page included, when the config has an http section. */
class ServeStatusPageTest {

    private static final Pattern ADDRESS = Pattern.compile("Status page at (http://127\\.0\\.0\\.1:\\d+)/");

    @TempDir
    Path root;

    @Test
    void the_terminal_chat_serves_the_status_page_and_healthz_on_the_configured_port() throws Exception {
        TestWorld world = new TestWorld(root);
        world.createDatabase(10);
        Path config = world.writeConfigFile(false);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Files.writeString(config, Files.readString(config) + "http:\n  port: " + port + "\n");
        PipedOutputStream typing = new PipedOutputStream();
        PipedInputStream input = new PipedInputStream(typing);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> serving = CompletableFuture.supplyAsync(() -> BackstopCli.run(Wiring::services,
                Serving::serve, input, new PrintWriter(out), new PrintWriter(err), "--config", config.toString(), "serve"));
        try {
            Eventually.waitUntil("the status page's address is printed", () -> ADDRESS.matcher(out.toString()).find()
                    || serving.isDone());
            Matcher address = ADDRESS.matcher(out.toString());
            assertTrue(address.find(), out + " / " + err);
            assertEquals("http://127.0.0.1:" + port, address.group(1));
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(address.group(1) + "/"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(address.group(1) + "/healthz"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<title>Backstop status</title>") && page.body().contains("\"app\""),
                    page.body());
            assertTrue(health.body().contains("\"slack\":\"terminal\""), health.body());
        } finally {
            typing.close();
        }
        assertEquals(0, serving.get().intValue(), err.toString());
    }

    @Test
    void serve_says_in_one_line_when_the_http_port_is_taken() throws Exception {
        TestWorld world = new TestWorld(root);
        world.createDatabase(10);
        Path config = world.writeConfigFile(false);
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Files.writeString(config, Files.readString(config) + "http:\n  port: " + taken.getLocalPort() + "\n");
            StringWriter err = new StringWriter();

            int status = BackstopCli.run(Wiring::services, Serving::serve, new java.io.ByteArrayInputStream(new byte[0]),
                    new PrintWriter(new StringWriter()), new PrintWriter(err), "--config", config.toString(), "serve");

            assertEquals(1, status);
            assertEquals("backstop: cannot listen on 127.0.0.1 port " + taken.getLocalPort() + " (the port is in use,"
                    + " or the address is not this machine's); set http.port to a free port or http.bind to an address"
                    + " of this machine", err.toString().trim());
        }
    }
}
