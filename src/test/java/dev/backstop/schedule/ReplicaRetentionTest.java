package dev.backstop.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.Progress;
import dev.backstop.engine.SqliteSettings;
import dev.backstop.pipeline.BackupsInUse;
import dev.backstop.services.Services;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup a drill on one replica reads is kept by retention run on another replica sharing the catalog. */
class ReplicaRetentionTest {

    @TempDir
    Path dir;

    @Test
    void a_backup_in_use_on_one_replica_is_kept_by_retention_on_another() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(20);
        DatabaseConfig keepOne = new DatabaseConfig("app", new SqliteSettings(world.database), false, "",
                Duration.ofHours(25), new RetentionPolicy(1, 0, 0, 0), DatabaseConfig.KEEP_PRE_RESTORE,
                Optional.empty(), "");
        try (Services drilling = world.services(); Services pruning = world.services()) {
            BackupRecord old = drilling.backups().backup("app", "cron", Progress.NONE);
            drilling.backups().backup("app", "cron", Progress.NONE);
            BackupsInUse drills = new BackupsInUse(drilling.catalog(), Clock.systemUTC());

            try (AutoCloseable held = drills.hold("app", old.id())) {
                assertEquals(List.of(), pruning.pruner().prune(keepOne, "cron"));
                assertEquals(List.of("in use"), pruning.pruner().plan(keepOne).keep()
                        .get(pruning.catalog().find("app", old.id()).orElseThrow()));
            }

            List<BackupRecord> pruned = pruning.pruner().prune(keepOne, "cron");
            assertEquals(List.of(old.id()), pruned.stream().map(BackupRecord::id).toList());
            assertTrue(pruning.catalog().find("app", old.id()).map(BackupRecord::status)
                    .map(status -> status != BackupStatus.SUCCEEDED).orElse(true));
        }
    }
}
