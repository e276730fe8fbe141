package dev.backstop.schedule;

import dev.backstop.engine.SqliteSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.backstop.TestWorld;
import dev.backstop.catalog.Catalog;
import dev.backstop.config.AlertsConfig;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.DrillConfig;
import dev.backstop.core.Alert;
import dev.backstop.core.AlertSink;
import dev.backstop.core.BackupId;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.DrillRecord;
import dev.backstop.core.ObjectKey;
import dev.backstop.pipeline.ObjectLayout;
import dev.backstop.store.LocalObjectStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alerts fire once per incident, remind after alerts.repeat, recover once, and survive restarts. */
class AlertMonitorTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-10T02:00:00Z"));
    private final List<Alert> received = new CopyOnWriteArrayList<>();
    private final AlertSink recording = received::add;
    private Catalog catalog;
    private BackstopConfig config;

    @BeforeEach
    void setUp() throws Exception {
        TestWorld world = new TestWorld(dir);
        DatabaseConfig app = world.config.database("app").orElseThrow();
        DatabaseConfig withDrill = new DatabaseConfig("app", app.settings(), false, "", Duration.ofHours(25),
                app.retention(), app.keepPreRestore(), Optional.of(new DrillConfig("0 4 1 * *", Duration.ofMinutes(30), List.of(), List.of(), "")),
                "#db-alerts");
        config = new BackstopConfig(world.config.file(), world.config.catalog(), world.config.storage(),
                world.config.encryption(), world.config.slack(), 3000, Map.of("app", withDrill), AlertsConfig.DEFAULTS);
        catalog = Catalog.open(config.catalog());
        Files.createDirectories(config.storage().path());
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    private AlertMonitor monitor(Path storeRoot, AlertSink... sinks) {
        ObjectLayout layout = new ObjectLayout("");
        return new AlertMonitor(config, catalog, new LocalObjectStore(storeRoot), layout::probeKey, List.of(sinks), clock);
    }

    private AlertMonitor monitor() {
        return monitor(config.storage().path(), recording);
    }

    private BackupRecord backup(long rawSize, boolean succeeded) {
        clock.advance(Duration.ofSeconds(1));
        BackupRecord started = BackupRecord.started(BackupId.next(clock), "app", "sqlite", new ObjectKey("app/x"),
                new ObjectKey("app/y"), "cron");
        catalog.insert(started);
        BackupRecord done = succeeded ? started.succeeded(clock.instant(), rawSize / 3, "a", rawSize, "b")
                : started.failed(clock.instant(), "disk full");
        catalog.update(done);
        return done;
    }

    private void passingDrill() {
        catalog.insertDrill(new DrillRecord(BackupId.next(clock).value(), "app", "b", clock.instant(), 10, 1000, true,
                "[]", "app/drills/x.json", "cron"));
    }

    private List<String> events(List<Alert> alerts) {
        return alerts.stream().map(Alert::event).toList();
    }

    @Test
    void a_stale_backup_alerts_once_reminds_after_repeat_and_recovers_once() {
        backup(1000, true);
        passingDrill();
        assertEquals(List.of(), events(monitor().check()));
        clock.advance(Duration.ofHours(26));
        List<Alert> first = monitor().check();
        assertEquals(List.of("backup.stale"), events(first));
        assertEquals("#db-alerts", first.get(0).channel());
        assertTrue(first.get(0).message().contains("over the 25h freshness limit"), first.get(0).message());
        clock.advance(Duration.ofHours(1));
        assertEquals(List.of(), events(monitor().check()), "a persisting condition is not re-posted");
        clock.advance(Duration.ofHours(23));
        List<Alert> reminder = monitor().check();
        assertEquals(List.of("backup.stale"), events(reminder));
        assertTrue(reminder.get(0).reminder() && reminder.get(0).message().startsWith("still: "));
        backup(1000, true);
        assertEquals(List.of("backup.stale.recovered"), events(monitor().check()));
        assertEquals(List.of(), events(monitor().check()));
        assertEquals(List.of("backup.stale", "backup.stale", "backup.stale.recovered"), events(received));
    }

    @Test
    void a_failed_backup_alerts_with_its_reason_and_a_later_success_recovers() {
        passingDrill();
        backup(1000, true);
        backup(0, false);
        List<Alert> alerts = monitor().check();
        assertEquals(List.of("backup.failed"), events(alerts));
        assertTrue(alerts.get(0).message().contains("disk full"));
        backup(1000, true);
        assertEquals(List.of("backup.failed.recovered"), events(monitor().check()));
    }

    @Test
    void a_dump_under_a_tenth_of_the_last_good_one_is_suspect_until_a_normal_one_succeeds() {
        passingDrill();
        BackupRecord good = backup(10_000, true);
        backup(900, true);
        List<Alert> alerts = monitor().check();
        assertEquals(List.of("backup.suspect"), events(alerts));
        assertTrue(alerts.get(0).message().contains("is 900 bytes, under 10% of the last good backup " + good.id()
                + " (10000 bytes)"), alerts.get(0).message());
        backup(9_000, true);
        assertEquals(List.of("backup.suspect.recovered"), events(monitor().check()));
    }

    @Test
    void a_backup_far_from_the_median_of_the_last_five_is_an_anomaly() {
        passingDrill();
        for (long size : new long[] {1000, 1100, 900, 1000, 1050}) {
            backup(size, true);
        }
        assertEquals(List.of(), events(monitor().check()));
        backup(400, true);
        List<Alert> alerts = monitor().check();
        assertEquals(List.of("backup.size_anomaly"), events(alerts));
        assertTrue(alerts.get(0).message().contains("dumped 400 B, 60% below the median 1000 B of the 5 good backups before it"), alerts.get(0).message());
    }

    @Test
    void a_failed_drill_and_no_passing_drill_this_month_alert() {
        backup(1000, true);
        clock.advance(Duration.ofDays(22));
        backup(1000, true);
        List<String> overdue = events(monitor().check());
        assertEquals(List.of("drill.overdue"), overdue);
        catalog.insertDrill(new DrillRecord(BackupId.next(clock).value(), "app", "b", clock.instant(), 10, 1000, false,
                "[]", "app/drills/y.json", "cron"));
        assertEquals(List.of("drill.failed"), events(monitor().check()));
        clock.advance(Duration.ofMinutes(1));
        passingDrill();
        assertEquals(List.of("drill.failed.recovered", "drill.overdue.recovered"), events(monitor().check()));
    }

    @Test
    void unreachable_storage_alerts() throws Exception {
        backup(1000, true);
        passingDrill();
        Path notAFolder = dir.resolve("plain-file");
        Files.writeString(notAFolder, "x");
        List<Alert> alerts = monitor(notAFolder, recording).check();
        assertEquals(List.of("storage.unreachable"), events(alerts));
    }

    @Test
    void alert_state_survives_a_restart() {
        passingDrill();
        backup(1000, true);
        clock.advance(Duration.ofHours(30));
        assertEquals(List.of("backup.stale"), events(monitor().check()));
        catalog.close();
        catalog = Catalog.open(config.catalog());
        assertEquals(List.of(), events(monitor().check()));
    }

    @Test
    void the_webhook_receives_the_json_payload_and_is_retried() throws Exception {
        List<String> bodies = new ArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(bodies.size() == 1 ? 503 : 200, -1);
            exchange.close();
        });
        server.start();
        try {
            List<Duration> waits = new ArrayList<>();
            WebhookAlertSink webhook = new WebhookAlertSink(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"), 3, Duration.ofMillis(200), waits::add);
            passingDrill();
            backup(0, false);
            backup(1000, true);
            backup(0, false);
            assertEquals(List.of("backup.failed"), events(monitor(config.storage().path(), webhook).check()));
            assertEquals(2, bodies.size(), "one failed attempt, one retry");
            assertEquals(List.of(Duration.ofMillis(200)), waits);
            JsonNode payload = new ObjectMapper().readTree(bodies.get(1));
            assertEquals("backup.failed", payload.get("event").asText());
            assertEquals("app", payload.get("database").asText());
            assertEquals("backstop", payload.get("source").asText());
            assertEquals(clock.instant().toString(), payload.get("timestamp").asText());
            assertTrue(payload.get("message").asText().contains("disk full"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void a_stale_alert_shows_the_exact_age_and_its_recovery_says_what_is_true_now() {
        backup(1000, true);
        passingDrill();
        clock.advance(Duration.ofHours(25).plusSeconds(31));
        Alert stale = monitor().check().get(0);
        assertTrue(stale.message().startsWith("newest good backup of app is 25h 31s old, over the 25h freshness limit"),
                stale.message());
        BackupRecord fresh = backup(1000, true);
        clock.advance(Duration.ofMinutes(2).plusSeconds(5));
        Alert recovered = monitor().check().get(0);
        assertEquals("backup.stale.recovered", recovered.event());
        assertEquals("app is fresh again: newest good backup is 2m 5s old, within 25h (" + fresh.id() + ")",
                recovered.message());
    }

    @Test
    void recoveries_of_failed_backups_and_drills_name_what_succeeded() {
        passingDrill();
        backup(1000, true);
        backup(0, false);
        catalog.insertDrill(new DrillRecord(BackupId.next(clock).value(), "app", "b", clock.instant(), 10, 1000, false,
                "[]", "app/drills/y.json", "cron"));
        assertEquals(List.of("backup.failed", "drill.failed"), events(monitor().check()));
        BackupRecord good = backup(1000, true);
        clock.advance(Duration.ofMinutes(1));
        passingDrill();
        List<Alert> recovered = monitor().check();
        assertEquals("backups of app succeed again: backup " + good.id() + " succeeded", recovered.get(0).message());
        assertTrue(recovered.get(1).message().startsWith("drills of app pass again: drill "), recovered.get(1).message());
        assertTrue(recovered.stream().noneMatch(alert -> alert.message().contains("failed")), recovered.toString());
    }

    @Test
    void a_failed_drill_alert_names_the_check_that_failed() {
        backup(1000, true);
        catalog.insertDrill(new DrillRecord(BackupId.next(clock).value(), "app", "b", clock.instant(), 10, 1000, false,
                "[{\"name\":\"integrity\",\"passed\":true,\"detail\":\"ok\",\"duration_ms\":3},"
                        + "{\"name\":\"required_table orders\",\"passed\":false,\"detail\":\"table is missing\","
                        + "\"duration_ms\":0}]", "app/drills/y.json", "cron"));
        Alert failed = monitor().check().stream().filter(alert -> alert.event().equals("drill.failed")).findFirst()
                .orElseThrow();
        assertTrue(failed.message().contains("failed the required_table orders (table is missing) check;"),
                failed.message());
        assertTrue(failed.message().endsWith("evidence at app/drills/y.json"), failed.message());
    }
}
