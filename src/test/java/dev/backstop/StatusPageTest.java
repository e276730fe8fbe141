package dev.backstop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.config.Durations;
import dev.backstop.core.BackupId;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.ObjectKey;
import dev.backstop.core.OpenAlert;
import dev.backstop.http.HealthCheck;
import dev.backstop.http.HttpServer;
import dev.backstop.http.StatusPage;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusPageTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    private static HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode database(JsonNode status, String name) {
        for (JsonNode row : status.get("databases")) {
            if (row.get("database").asText().equals(name)) {
                return row;
            }
        }
        throw new AssertionError("no " + name + " in " + status);
    }

    @Test
    void api_status_serves_each_database_against_its_limit_with_its_backups_drills_alerts_and_requests()
            throws Exception {
        try (StatusFixture fixture = new StatusFixture(root, 7, false)) {
            String address = fixture.serve();

            HttpResponse<String> reply = get(address + "/api/status", null);

            assertEquals(200, reply.statusCode(), reply.body());
            assertTrue(reply.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            JsonNode status = JSON.readTree(reply.body());
            JsonNode app = database(status, "app");
            BackupRecord appLast = fixture.lastGood("app");
            Duration appAge = Duration.between(appLast.createdAt(), fixture.clock.instant());
            assertEquals("fresh", app.get("state").asText());
            assertEquals(appLast.id(), app.get("last_backup").get("id").asText());
            assertEquals(appAge.getSeconds(), app.get("age_seconds").asLong());
            assertEquals(Durations.format(appAge), app.get("age_text").asText());
            assertEquals(25 * 3600, app.get("freshness_seconds").asLong());
            assertEquals(1800, app.get("drill_rto_seconds").asLong());
            List<BackupRecord> appBackups = fixture.services.catalog().list("app", 100);
            assertEquals(7, app.get("backups").size());
            assertEquals(appBackups.get(appBackups.size() - 1).id(), app.get("backups").get(0).get("id").asText(),
                    "oldest first");
            assertEquals(appLast.sizeBytes(), app.get("backups").get(6).get("size_bytes").asLong());
            assertEquals(Duration.between(appLast.createdAt(), appLast.finishedAt()).toMillis(),
                    app.get("backups").get(6).get("duration_ms").asLong());
            assertEquals(1, app.get("drills").size());
            assertTrue(app.get("drills").get(0).get("passed").asBoolean());
            assertEquals(1_800_000, app.get("drills").get(0).get("rto_ms").asLong());
            JsonNode request = app.get("requests").get(0);
            assertEquals("requested", request.get("state").asText());
            assertEquals("U9", request.get("requester").asText());
            assertEquals(List.of("U1"), List.of(request.get("approved_by").get(0).asText()));

            JsonNode ledger = database(status, "ledger");
            assertEquals("stale", ledger.get("state").asText());
            assertEquals(4, ledger.get("backups").size());
            assertEquals(1, countStatus(ledger.get("backups"), "failed"));
            assertFalse(ledger.get("drills").get(0).get("passed").asBoolean());
            assertEquals(List.of("backup.failed", "backup.stale", "drill.failed", "drill.overdue"), kinds(ledger.get("alerts")));
            String failedMessage = ledger.get("alerts").get(0).get("message").asText();
            assertTrue(failedMessage.contains("postgresql://ops:***@db.internal/ledger"), failedMessage);
        }
    }

    @Test
    void neither_the_api_nor_the_page_shows_a_secret_and_the_page_carries_the_same_data() throws Exception {
        try (StatusFixture fixture = new StatusFixture(root, 2, true)) {
            String hostile = "</script><script>alert(1)</script><!--";
            fixture.services.catalog().saveAlert(new OpenAlert("app", "backup.failed", fixture.clock.instant(),
                    fixture.clock.instant(), "backup of app failed: " + hostile));
            String address = fixture.serve();
            String login = basic("ops", StatusFixture.STATUS_PASSWORD);

            String api = get(address + "/api/status", login).body();
            HttpResponse<String> page = get(address + "/", login);

            for (String body : List.of(api, page.body())) {
                assertFalse(body.contains(StatusFixture.ALERT_URL_PASSWORD), body);
                assertFalse(body.contains(StatusFixture.STATUS_PASSWORD), body);
                assertFalse(body.contains("xoxb-token-never-shown"), body);
            }
            JsonNode inlined = JSON.readTree(between(page.body(), "type=\"application/json\">", "</script>"));
            JsonNode served = JSON.readTree(api);
            assertEquals(served.get("databases"), inlined.get("databases"));
            assertFalse(page.body().contains(hostile), "no text can end the data's script element");
            List<String> messages = new java.util.ArrayList<>();
            database(inlined, "app").get("alerts").forEach(alert -> messages.add(alert.get("message").asText()));
            assertTrue(messages.contains("backup of app failed: " + hostile), messages.toString());
            assertEquals("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
                    + " frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
                    page.headers().firstValue("Content-Security-Policy").orElseThrow());
            assertTrue(get(address + "/status.js", login).body().contains("function chart("));
        }
    }

    @Test
    void basic_auth_answers_401_without_or_with_wrong_credentials_and_leaves_healthz_open() throws Exception {
        try (StatusFixture fixture = new StatusFixture(root, 1, true)) {
            String address = fixture.serve();
            for (String path : List.of("/", "/api/status", "/metrics", "/status.js", "/status.css")) {
                for (String wrong : new String[] {null, basic("ops", "wrong"), basic("ops",
                        StatusFixture.STATUS_PASSWORD + "x"), basic("admin", StatusFixture.STATUS_PASSWORD),
                        "Basic not-base64!", "Bearer " + StatusFixture.STATUS_PASSWORD}) {
                    HttpResponse<String> refused = get(address + path, wrong);
                    assertEquals(401, refused.statusCode(), path + " with " + wrong);
                    assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm="));
                    assertFalse(refused.body().contains("app"), refused.body());
                }
                assertEquals(200, get(address + path, basic("ops", StatusFixture.STATUS_PASSWORD)).statusCode(), path);
                HttpResponse<String> head = CLIENT.send(HttpRequest.newBuilder(URI.create(address + path))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(401, head.statusCode(), "HEAD " + path + " without the login");
            }
            assertEquals(200, get(address + "/healthz", null).statusCode());
        }
    }

    @Test
    void api_status_charts_only_the_newest_90_backups_oldest_first() throws Exception {
        try (StatusFixture fixture = new StatusFixture(root, 1, false)) {
            java.time.Instant first = fixture.clock.instant().minus(Duration.ofDays(200));
            List<String> ids = new java.util.ArrayList<>();
            for (int index = 0; index < 95; index++) {
                BackupId id = BackupId.next(java.time.Clock.fixed(first.plus(Duration.ofDays(index)),
                        java.time.ZoneOffset.UTC));
                BackupRecord started = BackupRecord.started(id, "ledger", "sqlite", new ObjectKey("ledger/" + id.value()),
                        new ObjectKey("ledger/" + id.value() + ".json"), "scheduler");
                fixture.services.catalog().insert(started);
                fixture.services.catalog().update(started.succeeded(id.createdAt().plusSeconds(3), 1000 + index, "aa",
                        2000, "bb"));
                ids.add(id.value());
            }
            String address = fixture.serve();

            JsonNode backups = database(JSON.readTree(get(address + "/api/status", null).body()), "ledger")
                    .get("backups");

            assertEquals(90, backups.size());
            assertEquals(ids.get(5), backups.get(0).get("id").asText());
            assertEquals(ids.get(94), backups.get(89).get("id").asText());
            assertEquals(1094, backups.get(89).get("size_bytes").asLong());
            assertEquals(3000, backups.get(89).get("duration_ms").asLong());
            assertEquals("3s", backups.get(89).get("duration_text").asText());
        }
    }

    @Test
    void the_server_listens_only_on_the_bind_address() throws Exception {
        HealthCheck health = new HealthCheck(Map.of(), Map.of());
        try (HttpServer loopbackOnly = new HttpServer(null, health, null, new StatusPage(() -> "{}"), null);
             HttpServer everywhere = new HttpServer(null, health, null, new StatusPage(() -> "{}"), null)) {
            int onlyPort = loopbackOnly.start("127.0.0.1", 0);
            int everywherePort = everywhere.start("0.0.0.0", 0);

            assertThrows(ConnectException.class, () -> connect("127.0.0.2", onlyPort));
            connect("127.0.0.2", everywherePort);
            connect("127.0.0.1", onlyPort);
        }
    }

    private static void connect(String host, int port) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
        }
    }

    private static long countStatus(JsonNode backups, String status) {
        long count = 0;
        for (JsonNode backup : backups) {
            count += backup.get("status").asText().equals(status) ? 1 : 0;
        }
        return count;
    }

    private static List<String> kinds(JsonNode alerts) {
        List<String> kinds = new java.util.ArrayList<>();
        alerts.forEach(alert -> kinds.add(alert.get("kind").asText()));
        return kinds.stream().sorted().toList();
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start) + start.length();
        return text.substring(from, text.indexOf(end, from));
    }
}
