package dev.backstop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.config.SchedulerSettings;
import dev.backstop.http.HttpServer;
import dev.backstop.pipeline.JobWatch;
import dev.backstop.schedule.AlertMonitor;
import dev.backstop.schedule.MutableClock;
import dev.backstop.schedule.MonitorPass;
import dev.backstop.services.Services;
import dev.backstop.wiring.Serving;
import dev.backstop.wiring.Wiring;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /healthz} through the real server: 503 for a stale scheduler, a stalled job or a lost catalog. */
class HealthzTest {

    private static final Duration PERIOD = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T03:00:00Z"));
    private final HttpClient client = HttpClient.newHttpClient();
    private Services services;
    private MonitorPass scheduler;
    private HttpServer http;
    private int port;

    @BeforeEach
    void start() throws Exception {
        TestWorld world = new TestWorld(dir);
        services = Wiring.services(world.config, clock);
        scheduler = new MonitorPass(services.catalog(), () -> { },
                new AlertMonitor(world.config, services.catalog(), services.store(), services.layout()::probeKey,
                        List.of(), clock), clock);
        http = new HttpServer(null, Serving.healthCheck(services, () -> scheduler.staleness(PERIOD, Optional.empty()),
                "socket_mode"));
        port = http.start(0);
    }

    @AfterEach
    void stop() {
        http.close();
        services.close();
    }

    private HttpResponse<String> healthz() throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode components(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("components");
    }

    @Test
    void a_bot_whose_scheduler_passes_on_time_is_healthy() throws Exception {
        scheduler.run();
        HttpResponse<String> response = healthz();
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"status\":\"ok\",\"components\":{\"catalog\":\"ok\",\"scheduler\":\"ok\",\"jobs\":\"ok\","
                + "\"slack\":\"socket_mode\"}}", response.body());
    }

    @Test
    void a_scheduler_pass_older_than_two_periods_answers_503() throws Exception {
        scheduler.run();
        clock.advance(PERIOD.multipliedBy(2).plusSeconds(1));
        HttpResponse<String> response = healthz();
        assertEquals(503, response.statusCode());
        assertEquals("failing: no scheduler pass for 1m 1s (it runs every 30s)",
                components(response).path("scheduler").asText());

        scheduler.run();
        assertEquals(200, healthz().statusCode(), "the next pass makes the bot healthy again");
    }

    @Test
    void a_stalled_job_answers_503_until_it_ends() throws Exception {
        scheduler.run();
        // The watch belongs to a thread that has ended, so its cancel interrupts nothing in this test.
        CompletableFuture<JobWatch> opened = new CompletableFuture<>();
        Thread job = new Thread(() -> opened.complete(services.backups().jobs().watch("backup", "app")), "test-job");
        job.start();
        try (JobWatch watch = opened.get()) {
            Duration stallTimeout = SchedulerSettings.DEFAULTS.stallTimeout();
            clock.advance(stallTimeout.minusSeconds(1));
            scheduler.run();
            assertEquals(200, healthz().statusCode(), "silent for less than the stall timeout");

            clock.advance(Duration.ofMinutes(2));
            scheduler.run();
            HttpResponse<String> response = healthz();
            assertEquals(503, response.statusCode());
            assertEquals("failing: stalled: backup of app silent for 11m 59s", components(response).path("jobs").asText());
            assertEquals("ok", components(response).path("scheduler").asText());
        }
        assertEquals(200, healthz().statusCode(), "a job that ended no longer counts");
    }

    @Test
    void a_catalog_that_fails_answers_503_without_showing_its_path() throws Exception {
        scheduler.run();
        services.catalog().close();
        HttpResponse<String> response = healthz();
        assertEquals(503, response.statusCode());
        assertEquals("failing: unreachable", components(response).path("catalog").asText());
        assertFalse(response.body().contains(dir.toString()), response.body());
        assertFalse(response.body().contains("catalog.db"), response.body());
        assertTrue(response.body().startsWith("{\"status\":\"failing\""), response.body());
    }
}
