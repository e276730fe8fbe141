package dev.backstop.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackupId;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.ObjectKey;
import dev.backstop.config.CatalogLocation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** A backup left running by a process that died ends as failed; one whose process is alive is left alone. */
class AbandonedBackupTest {

    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    private static BackupRecord started(Instant at) {
        BackupId id = BackupId.next(Clock.fixed(at, ZoneOffset.UTC));
        return BackupRecord.started(id, "app", "sqlite", new ObjectKey("app/" + id.value() + ".zst.age"),
                new ObjectKey("app/" + id.value() + ".manifest.json"), "cron");
    }

    @ParameterizedTest
    @EnumSource(CatalogDialect.class)
    void a_running_backup_without_a_heartbeat_for_ten_minutes_is_failed_and_audited(CatalogDialect dialect) {
        try (Catalog catalog = Catalog.open(TestCatalogs.fresh(dialect, dir))) {
            BackupRecord ghost = started(START);
            catalog.insert(ghost);
            Instant now = START.plus(Catalog.ABANDONED_AFTER).plusSeconds(1);

            List<BackupRecord> failed = catalog.failAbandoned(now);

            String reason = "interrupted: no heartbeat since 2026-11-23T10:00:00Z; the process running it stopped";
            BackupRecord stored = catalog.find("app", ghost.id()).orElseThrow();
            assertEquals(List.of(stored), failed);
            assertEquals(BackupStatus.FAILED, stored.status());
            assertEquals(reason, stored.error());
            assertEquals(START, stored.finishedAt(), "it ended at its last sign of life");
            assertEquals(new AuditEntry(now, "backstop", "backup", "app", ghost.id(), ghost.objectKey(), "failed",
                    reason), catalog.auditLog(1).get(0));
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogDialect.class)
    void a_running_backup_with_a_fresh_heartbeat_is_left_alone(CatalogDialect dialect) {
        try (Catalog catalog = Catalog.open(TestCatalogs.fresh(dialect, dir))) {
            BackupRecord live = started(START);
            catalog.insert(live);
            catalog.heartbeat(live.id(), START.plus(Duration.ofMinutes(8)));

            assertEquals(List.of(), catalog.failAbandoned(START.plus(Duration.ofMinutes(12))));
            assertEquals(BackupStatus.RUNNING, catalog.find("app", live.id()).orElseThrow().status());
            assertEquals(List.of(), catalog.auditLog(10));

            List<BackupRecord> failed = catalog.failAbandoned(START.plus(Duration.ofMinutes(19)));
            assertEquals(1, failed.size());
            assertTrue(failed.get(0).error().contains("since 2026-11-23T10:08:00Z"), failed.get(0).error());
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogDialect.class)
    void finished_backups_stay_as_they_ended_and_a_late_heartbeat_does_not_revive_them(CatalogDialect dialect) {
        try (Catalog catalog = Catalog.open(TestCatalogs.fresh(dialect, dir))) {
            BackupRecord first = started(START);
            catalog.insert(first);
            BackupRecord succeeded = first.succeeded(START.plusSeconds(5), 10, "ab", 20, "cd");
            catalog.update(succeeded);
            BackupRecord second = started(START.plusSeconds(1));
            catalog.insert(second);
            BackupRecord failed = second.failed(START.plusSeconds(2), "disk full");
            catalog.update(failed);
            catalog.heartbeat(failed.id(), START.plusSeconds(3));

            assertEquals(List.of(), catalog.failAbandoned(START.plus(Duration.ofDays(1))));
            assertEquals(List.of(failed, succeeded), catalog.list("app", 10));
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogDialect.class)
    void two_processes_sweeping_the_same_catalog_fail_a_backup_once(CatalogDialect dialect) {
        CatalogLocation file = TestCatalogs.fresh(dialect, dir);
        try (Catalog serve = Catalog.open(file); Catalog cron = Catalog.open(file)) {
            BackupRecord ghost = started(START);
            serve.insert(ghost);
            Instant now = START.plus(Duration.ofHours(1));

            assertEquals(1, cron.failAbandoned(now).size());
            assertEquals(List.of(), serve.failAbandoned(now));
            assertEquals(1, serve.auditLog(10).size());
        }
    }
}
