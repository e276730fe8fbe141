package dev.backstop.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step 5 gives every backup a heartbeat, so a running row from before the upgrade can still be judged. */
class HeartbeatMigrationTest {

    private static final Instant CREATED = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void a_version_4_catalog_with_a_running_backup_is_upgraded_and_the_backup_judged_from_its_start() throws Exception {
        Path file = dir.resolve("catalog.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            Migrations.apply(connection, 4);
            statement.executeUpdate("INSERT INTO backups (id, database, engine, created_at, status, object_key,"
                    + " manifest_key, actor) VALUES ('20261123T100000000Z-0001', 'app', 'sqlite', "
                    + CREATED.toEpochMilli() + ", 'running', 'app/a.zst.age', 'app/a.manifest.json', 'cron')");
        }

        try (Catalog catalog = Catalog.open(file)) {
            assertEquals(List.of(), catalog.failAbandoned(CREATED.plus(Duration.ofMinutes(5))));
            List<BackupRecord> failed = catalog.failAbandoned(CREATED.plus(Duration.ofMinutes(11)));
            assertEquals(List.of("20261123T100000000Z-0001"), failed.stream().map(BackupRecord::id).toList());
            assertEquals(BackupStatus.FAILED, catalog.list("app", 1).get(0).status());
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            assertEquals(Migrations.UNDER_FLYWAY, statement.executeQuery("PRAGMA user_version").getInt(1));
        }
    }

    @Test
    void a_row_written_without_a_heartbeat_counts_from_its_creation() throws Exception {
        Path file = dir.resolve("catalog.db");
        Catalog.open(file).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO backups (id, database, engine, created_at, status, object_key,"
                    + " manifest_key, actor) VALUES ('20261123T100000000Z-0002', 'app', 'sqlite', "
                    + CREATED.toEpochMilli() + ", 'running', 'app/b.zst.age', 'app/b.manifest.json', 'old-build')");
        }
        try (Catalog catalog = Catalog.open(file)) {
            assertEquals(1, catalog.failAbandoned(CREATED.plus(Duration.ofMinutes(11))).size());
        }
    }
}
