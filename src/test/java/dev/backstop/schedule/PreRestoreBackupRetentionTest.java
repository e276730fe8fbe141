package dev.backstop.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.Progress;
import dev.backstop.engine.SqliteSettings;
import dev.backstop.services.Services;
import dev.backstop.wiring.Wiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restore's safety backup outlives keep_last for keep_pre_restore, and is pruned once older. */
class PreRestoreBackupRetentionTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));

    private Services services() throws Exception {
        TestWorld world = new TestWorld(dir, true);
        world.createDatabase(50);
        DatabaseConfig app = new DatabaseConfig("app", new SqliteSettings(world.database), true, "",
                Duration.ofHours(25), new RetentionPolicy(3, 0, 0, 0), Duration.ofDays(7), Optional.empty(), "");
        BackstopConfig config = new BackstopConfig(world.config.file(), world.config.catalog(), world.config.storage(),
                world.config.encryption(), world.config.slack(), world.config.httpPort(), Map.of("app", app));
        return Wiring.services(config, clock);
    }

    private BackupRecord backup(Services services) {
        clock.advance(Duration.ofMinutes(1));
        return services.backups().backup("app", "cron", Progress.NONE);
    }

    @Test
    void three_ordinary_backups_do_not_prune_the_rollback_copy_but_eight_days_do() throws Exception {
        try (Services services = services()) {
            backup(services);
            clock.advance(Duration.ofMinutes(1));
            BackupRecord safety = services.approvals().restoreApproved(services.restores().resolve("app", "latest"),
                    null, "ops", Progress.NONE).safetyBackup().orElseThrow();
            List<BackupRecord> ordinary = List.of(backup(services), backup(services), backup(services));
            Path object = dir.resolve("backups").resolve(safety.objectKey());

            assertEquals(BackupStatus.SUCCEEDED, services.catalog().find("app", safety.id()).orElseThrow().status());
            assertTrue(Files.exists(object));
            assertEquals(List.of("pre-restore until " + safety.createdAt().plus(Duration.ofDays(7))
                    + " (keep_pre_restore 7d)"), services.pruner().plan(services.config().databases().get("app"))
                    .keep().get(services.catalog().find("app", safety.id()).orElseThrow()));

            clock.advance(Duration.ofDays(8));
            backup(services);

            assertEquals(BackupStatus.PRUNED, services.catalog().find("app", safety.id()).orElseThrow().status());
            assertTrue(Files.notExists(object), "its object is deleted");
            assertEquals(BackupStatus.PRUNED, services.catalog().find("app", ordinary.get(0).id()).orElseThrow().status());
            assertEquals(BackupStatus.SUCCEEDED,
                    services.catalog().find("app", ordinary.get(1).id()).orElseThrow().status());
            AuditEntry pruned = services.catalog().auditLog(200).stream()
                    .filter(entry -> entry.action().equals("prune") && entry.backupId().equals(safety.id()))
                    .findFirst().orElseThrow();
            assertEquals("pre-restore backup older than keep_pre_restore 7d", pruned.detail());
        }
    }
}
