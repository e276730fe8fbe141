package dev.backstop.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step 8 gives backups a label, and marks the safety backups that restores took before it as pre-restore. */
class LabelMigrationTest {

    @TempDir
    Path dir;

    private static String insert(String id, String actor) {
        return "INSERT INTO backups (id, database, engine, created_at, status, object_key, manifest_key, actor,"
                + " heartbeat_at) VALUES ('" + id + "', 'app', 'sqlite', 1, 'succeeded', 'k', 'm', '" + actor + "', 1)";
    }

    @Test
    void a_version_7_catalog_labels_the_old_safety_backups_and_nothing_else() throws Exception {
        Path file = dir.resolve("catalog.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            Migrations.apply(connection, 7);
            statement.executeUpdate(insert("20261101T000000000Z-0001", "cron"));
            statement.executeUpdate(insert("20261102T000000000Z-0002", "backstop:pre-restore R20261102T000000000Z-aaaa"));
            statement.executeUpdate(insert("20261103T000000000Z-0003", "U1"));
        }

        try (Catalog catalog = Catalog.open(file)) {
            assertEquals(List.of("20261103T000000000Z-0003 ", "20261102T000000000Z-0002 pre-restore",
                    "20261101T000000000Z-0001 "), catalog.list("app", 10).stream()
                    .map(backup -> backup.id() + " " + backup.label()).toList());
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            assertEquals(Migrations.UNDER_FLYWAY, statement.executeQuery("PRAGMA user_version").getInt(1));
        }
    }
}
