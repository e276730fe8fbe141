package dev.backstop.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.chat.ChatCommands;
import dev.backstop.chat.ChatRequest;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.DrillConfig;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.Alert;
import dev.backstop.core.AlertSink;
import dev.backstop.core.BackupId;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.ObjectKey;
import dev.backstop.core.Progress;
import dev.backstop.services.Services;
import dev.backstop.wiring.Wiring;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {

    private static final String APP = "{database=\"app\"}";

    @TempDir
    Path dir;

    TestWorld world;

    @BeforeEach
    void world() throws Exception {
        world = new TestWorld(dir);
        world.createDatabase(200);
    }

    /** The test world keeping only the newest backup. */
    private BackstopConfig keepingOne() {
        return configWith(new RetentionPolicy(1, 0, 0, 0), Optional.empty());
    }

    private BackstopConfig configWith(RetentionPolicy retention, Optional<DrillConfig> drill) {
        DatabaseConfig app = world.config.databases().get("app");
        DatabaseConfig one = new DatabaseConfig(app.name(), app.settings(), app.production(), app.schedule(),
                app.freshness(), retention, app.keepPreRestore(), drill, app.alertsChannel(), app.operators(),
                app.restoreTargets());
        BackstopConfig config = world.config;
        return new BackstopConfig(config.file(), config.catalog(), config.storage(), config.encryption(),
                config.slack(), config.httpPort(), Map.of("app", one), config.alerts(), config.scheduler());
    }

    @Test
    void backups_total_never_goes_down_when_retention_prunes() throws Exception {
        try (Services services = Wiring.services(keepingOne(), Clock.systemUTC())) {
            Metrics metrics = new Metrics(services.config(), services.catalog(), services.clock());
            double before = -1;
            for (int round = 1; round <= 3; round++) {
                services.backups().backup("app", "test", Progress.NONE);
                Exposition scraped = Exposition.parse(metrics.render());
                double total = scraped.value("backstop_backups_total{database=\"app\",outcome=\"succeeded\"}");
                assertEquals(round, total);
                assertTrue(total > before, "the counter went from " + before + " to " + total);
                before = total;
                assertEquals(round - 1, scraped.value("backstop_backups_pruned_total" + APP));
                assertEquals(1, scraped.value("backstop_catalog_backups{database=\"app\",status=\"succeeded\"}"));
                assertEquals(round - 1, scraped.value("backstop_catalog_backups{database=\"app\",status=\"pruned\"}"));
            }
        }
    }

    @Test
    void every_family_has_the_type_prometheus_expects() throws Exception {
        try (Services services = world.services()) {
            Exposition scraped = Exposition.parse(new Metrics(services.config(), services.catalog(),
                    services.clock(), () -> 2).render());
            Map<String, String> types = scraped.types();
            for (String counter : new String[] {"backstop_backups_total", "backstop_restores_total",
                    "backstop_drills_total", "backstop_verifications_total", "backstop_backups_pruned_total",
                    "backstop_slack_messages_unsent_total"}) {
                assertEquals("counter", types.get(counter), counter + " in " + types);
            }
            for (String histogram : new String[] {"backstop_backup_duration_seconds", "backstop_backup_size_bytes",
                    "backstop_restore_duration_seconds", "backstop_restore_size_bytes"}) {
                assertEquals("histogram", types.get(histogram), histogram);
                assertEquals(0, scraped.value(histogram + "_count" + APP));
            }
            for (String gauge : new String[] {"backstop_last_success_age_seconds", "backstop_catalog_backups",
                    "jvm_memory_used_bytes", "jvm_threads_current"}) {
                assertEquals("gauge", types.get(gauge), gauge);
            }
            assertEquals(2, scraped.value("backstop_slack_messages_unsent_total"));
            assertEquals(0, scraped.value("backstop_backups_total{database=\"app\",outcome=\"failed\"}"));
            assertEquals(Double.POSITIVE_INFINITY, scraped.value("backstop_last_success_age_seconds" + APP),
                    "a database never backed up is infinitely stale");
        }
    }

    @Test
    void monitor_passes_fill_their_histogram_with_count_sum_and_buckets() throws Exception {
        try (Services services = world.services()) {
            Metrics metrics = new Metrics(services.config(), services.catalog(), services.clock());
            assertEquals(0, Exposition.parse(metrics.render()).value("backstop_monitor_pass_seconds_count"));
            metrics.monitorPassTook(Duration.ofMillis(40));
            metrics.monitorPassTook(Duration.ofMillis(1500));

            Exposition scraped = Exposition.parse(metrics.render());
            assertEquals("histogram", scraped.types().get("backstop_monitor_pass_seconds"));
            assertEquals(2, scraped.value("backstop_monitor_pass_seconds_count"));
            assertEquals(1.54, scraped.value("backstop_monitor_pass_seconds_sum"), 1e-9);
            assertEquals(1, scraped.value("backstop_monitor_pass_seconds_bucket{le=\"0.05\"}"));
            assertEquals(2, scraped.value("backstop_monitor_pass_seconds_bucket{le=\"2.5\"}"));
        }
    }

    @Test
    void backup_and_restore_fill_the_histogram_buckets_and_the_freshness_gauges() throws Exception {
        try (Services services = world.services()) {
            Metrics metrics = new Metrics(services.config(), services.catalog(), services.clock());
            BackupRecord backup = services.backups().backup("app", "test", Progress.NONE);
            services.restores().restore(backup, dir.resolve("restored.db").toString(), "test", Progress.NONE);
            services.restores().verify(backup, "test", Progress.NONE);
            Exposition scraped = Exposition.parse(metrics.render());

            assertEquals(1, scraped.value("backstop_backup_duration_seconds_count" + APP));
            assertEquals(1, scraped.value("backstop_backup_duration_seconds_bucket{database=\"app\",le=\"+Inf\"}"));
            assertEquals(1, scraped.value("backstop_backup_size_bytes_count" + APP));
            assertEquals(backup.sizeBytes(), scraped.value("backstop_backup_size_bytes_sum" + APP));
            String below = "backstop_backup_size_bytes_bucket{database=\"app\",le=\"1024.0\"}";
            String above = "backstop_backup_size_bytes_bucket{database=\"app\",le=\"1.099511627776E12\"}";
            assertEquals(0, scraped.value(below), "a backup of " + backup.sizeBytes() + " bytes is over 1 KiB");
            assertEquals(1, scraped.value(above));
            assertEquals(1, scraped.value("backstop_restores_total{database=\"app\",outcome=\"succeeded\"}"));
            assertEquals(1, scraped.value("backstop_restore_duration_seconds_count" + APP));
            assertEquals(1, scraped.value("backstop_verifications_total{database=\"app\",outcome=\"succeeded\"}"));
            assertTrue(scraped.value("backstop_restore_duration_seconds_sum" + APP) > 0);
            assertEquals(backup.sizeBytes(), scraped.value("backstop_restore_size_bytes_sum" + APP));
            assertEquals(backup.createdAt().getEpochSecond(),
                    scraped.value("backstop_last_success_timestamp_seconds" + APP));
            assertEquals(backup.sizeBytes(), scraped.value("backstop_last_backup_size_bytes" + APP));
            assertEquals("gauge", scraped.types().get("backstop_last_success_timestamp_seconds"));
            assertEquals("gauge", scraped.types().get("backstop_last_backup_size_bytes"));
        }
    }

    @Test
    void drills_count_by_outcome_and_their_restores_are_not_restores() throws Exception {
        DrillConfig missingTable = new DrillConfig("", Duration.ofMinutes(5), List.of("invoices"), List.of(), "");
        try (Services services = Wiring.services(configWith(RetentionPolicy.KEEP_ALL, Optional.of(missingTable)),
                Clock.systemUTC())) {
            Metrics metrics = new Metrics(services.config(), services.catalog(), services.clock());
            services.backups().backup("app", "test", Progress.NONE);
            services.drills().drill("app", "latest", "test", Progress.NONE);

            Exposition scraped = Exposition.parse(metrics.render());
            assertEquals(1, scraped.value("backstop_drills_total{database=\"app\",outcome=\"failed\"}"));
            assertEquals(0, scraped.value("backstop_drills_total{database=\"app\",outcome=\"passed\"}"));
            assertEquals(0, scraped.value("backstop_restores_total{database=\"app\",outcome=\"succeeded\"}"));
        }
    }

    @Test
    void a_chat_backup_refused_before_it_started_is_not_counted() throws Exception {
        try (Services services = world.services()) {
            Metrics metrics = new Metrics(services.config(), services.catalog(), services.clock());
            new ChatCommands(services).handle(new ChatRequest("/backup", "app", "U7-not-an-operator", "C1"));

            assertEquals("refused", services.catalog().auditLog(1).get(0).outcome());
            Exposition scraped = Exposition.parse(metrics.render());
            assertEquals(0, scraped.value("backstop_backups_total{database=\"app\",outcome=\"failed\"}"));
            assertEquals(0, scraped.value("backstop_backups_total{database=\"app\",outcome=\"succeeded\"}"));
            assertEquals(2, scraped.samples().keySet().stream()
                    .filter(series -> series.startsWith("backstop_backups_total{")).count(), "no refused series");
        }
    }

    @Test
    void the_age_gauge_reads_the_injected_clock() throws Exception {
        try (Services services = world.services()) {
            BackupRecord backup = services.backups().backup("app", "test", Progress.NONE);
            Clock later = Clock.fixed(backup.createdAt().plus(Duration.ofHours(26)), ZoneOffset.UTC);
            Exposition scraped = Exposition.parse(new Metrics(services.config(), services.catalog(), later).render());
            assertEquals(26 * 3600, scraped.value("backstop_last_success_age_seconds" + APP));
        }
    }

    @Test
    void counters_start_at_zero_in_a_new_process_while_gauges_read_the_catalog() throws Exception {
        try (Services services = world.services()) {
            services.backups().backup("app", "test", Progress.NONE);
            Metrics restarted = new Metrics(services.config(), services.catalog(), services.clock());
            Exposition scraped = Exposition.parse(restarted.render());
            assertEquals(0, scraped.value("backstop_backups_total{database=\"app\",outcome=\"succeeded\"}"));
            assertEquals(1, scraped.value("backstop_catalog_backups{database=\"app\",status=\"succeeded\"}"));
            services.backups().backup("app", "test", Progress.NONE);
            assertEquals(1, Exposition.parse(restarted.render())
                    .value("backstop_backups_total{database=\"app\",outcome=\"succeeded\"}"));
        }
    }

    @Test
    void an_abandoned_backup_counts_as_failed_and_lowers_no_counter() throws Exception {
        try (Services services = world.services()) {
            Metrics metrics = new Metrics(services.config(), services.catalog(), services.clock());
            Instant longAgo = Instant.now().minus(Duration.ofHours(1));
            BackupRecord running = BackupRecord.started(BackupId.next(Clock.fixed(longAgo, ZoneOffset.UTC)), "app",
                    "sqlite", new ObjectKey("app/x.age"), new ObjectKey("app/x.json"), "cli:gone");
            services.catalog().insert(running);
            assertEquals(1, Exposition.parse(metrics.render())
                    .value("backstop_catalog_backups{database=\"app\",status=\"running\"}"));

            services.catalog().failAbandoned(Instant.now());

            Exposition scraped = Exposition.parse(metrics.render());
            assertEquals(1, scraped.value("backstop_backups_total{database=\"app\",outcome=\"failed\"}"));
            assertEquals(0, scraped.value("backstop_catalog_backups{database=\"app\",status=\"running\"}"));
        }
    }

    @Test
    void alert_deliveries_are_counted_by_outcome() throws Exception {
        try (Services services = world.services()) {
            Metrics metrics = new Metrics(services.config(), services.catalog(), services.clock());
            Alert stale = new Alert("backup.stale", "app", "stale", Instant.now(), "#ops", false);
            metrics.counted("chat", alert -> { }).send(stale);
            AlertSink down = metrics.counted("webhook", alert -> {
                throw new IOException("connection refused");
            });
            assertThrows(IOException.class, () -> down.send(stale));

            Exposition scraped = Exposition.parse(metrics.render());
            assertEquals(1, scraped.value("backstop_alerts_total{database=\"app\",event=\"backup.stale\","
                    + "outcome=\"sent\",sink=\"chat\"}"));
            assertEquals(1, scraped.value("backstop_alerts_total{database=\"app\",event=\"backup.stale\","
                    + "outcome=\"failed\",sink=\"webhook\"}"));
        }
    }
}
