package dev.backstop.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.Progress;
import dev.backstop.engine.SqliteSettings;
import dev.backstop.services.Services;
import dev.backstop.wiring.Wiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restoring into the live file of another, production database backs that database up first. */
class ProductionRestoreTest {

    @TempDir
    Path dir;

    @Test
    void a_restore_into_a_production_databases_live_file_takes_a_safety_backup_of_that_database() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(40);
        Path live = dir.resolve("live.db");
        Files.copy(world.database, live);
        Files.createDirectories(dir.resolve("sub"));
        DatabaseConfig shop = new DatabaseConfig("shop", new SqliteSettings(live), true, "", Duration.ofHours(25),
                RetentionPolicy.KEEP_ALL, DatabaseConfig.KEEP_PRE_RESTORE, Optional.empty(), "");
        Map<String, DatabaseConfig> databases = new LinkedHashMap<>(world.config.databases());
        databases.put("shop", shop);
        BackstopConfig config = new BackstopConfig(world.config.file(), world.config.catalog(), world.config.storage(),
                world.config.encryption(), world.config.slack(), world.config.httpPort(), databases);
        try (Services services = Wiring.services(config, Clock.systemUTC())) {
            BackupRecord app = services.backups().backup("app", "cron", Progress.NONE);

            ProductionRestore.Done done = services.approvals().restoreApproved(app,
                    dir.resolve("sub/../live.db").toString(), "ops", Progress.NONE);
            ProductionRestore.Done copy = services.approvals().restoreApproved(app,
                    dir.resolve("copy.db").toString(), "ops", Progress.NONE);

            BackupRecord safety = done.safetyBackup().orElseThrow();
            assertEquals("shop", safety.database());
            assertTrue(safety.preRestore());
            assertEquals(Optional.empty(), copy.safetyBackup());
            assertEquals(Optional.empty(), services.restores().overwrittenProduction("app", null),
                    "app itself is not production");
        }
    }
}
