package dev.backstop.schedule;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.catalog.Catalog;
import dev.backstop.core.BackupId;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.DrillRecord;
import dev.backstop.core.ObjectKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {

    @TempDir
    Path dir;

    @Test
    void metrics_expose_last_success_duration_size_totals_and_drills_in_prometheus_text() throws Exception {
        TestWorld world = new TestWorld(dir);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T02:00:00Z"));
        try (Catalog catalog = Catalog.open(world.config.catalog())) {
            BackupRecord started = BackupRecord.started(BackupId.next(clock), "app", "sqlite", new ObjectKey("a/b"),
                    new ObjectKey("a/c"), "cron");
            catalog.insert(started);
            clock.advance(Duration.ofMillis(12_500));
            catalog.update(started.succeeded(clock.instant(), 4096, "s", 9000, "r"));
            BackupRecord failed = BackupRecord.started(BackupId.next(clock), "app", "sqlite", new ObjectKey("a/d"),
                    new ObjectKey("a/e"), "cron");
            catalog.insert(failed);
            catalog.update(failed.failed(clock.instant(), "x"));
            catalog.insertDrill(new DrillRecord("D1", "app", started.id(), Instant.parse("2026-11-23T04:00:00Z"), 1, 1,
                    true, "[]", "k", "cron"));
            String text = new Metrics(world.config, catalog).render();
            assertTrue(text.contains("# TYPE backstop_last_success_timestamp_seconds gauge\n"), text);
            assertTrue(text.contains("backstop_last_success_timestamp_seconds{database=\"app\"} 1795399200\n"), text);
            assertTrue(text.contains("backstop_backup_duration_seconds{database=\"app\"} 12.500\n"), text);
            assertTrue(text.contains("backstop_backup_size_bytes{database=\"app\"} 4096\n"), text);
            assertTrue(text.contains("backstop_backups_total{database=\"app\",status=\"succeeded\"} 1\n"), text);
            assertTrue(text.contains("backstop_backups_total{database=\"app\",status=\"failed\"} 1\n"), text);
            assertTrue(text.contains("backstop_last_drill_success_timestamp_seconds{database=\"app\"} 1795406400\n"), text);
        }
    }
}
