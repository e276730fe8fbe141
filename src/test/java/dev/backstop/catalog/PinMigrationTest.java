package dev.backstop.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.core.BackupId;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.KeepRule;
import dev.backstop.core.ObjectKey;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step 9 lets a backup be pinned or kept until a time; older backups are neither, and the hold can be released. */
class PinMigrationTest {

    @TempDir
    Path dir;

    @Test
    void a_version_8_catalog_opens_with_its_backups_unheld_and_new_holds_round_trip() throws Exception {
        Path file = dir.resolve("catalog.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            Migrations.apply(connection, 8);
            statement.executeUpdate("INSERT INTO backups (id, database, engine, created_at, status, object_key,"
                    + " manifest_key, actor, heartbeat_at, label) VALUES ('20261101T000000000Z-0001', 'app', 'sqlite',"
                    + " 1, 'succeeded', 'k', 'm', 'cron', 1, 'nightly')");
        }
        try (Catalog catalog = Catalog.open(file)) {
            BackupRecord old = catalog.find("app", "20261101T000000000Z-0001").orElseThrow();
            assertFalse(old.pinned());
            assertNull(old.keepUntil());
            assertEquals("nightly", old.label());

            BackupId id = BackupId.next(Clock.systemUTC());
            catalog.insert(BackupRecord.started(id, "app", "sqlite", new ObjectKey("a"), new ObjectKey("b"), "U1",
                    "pre-deploy", KeepRule.keepFor(Duration.ofDays(30))));
            BackupRecord kept = catalog.find("app", id.value()).orElseThrow();
            assertEquals(id.createdAt().plus(Duration.ofDays(30)), kept.keepUntil());
            catalog.update(kept.succeeded(id.createdAt(), 1, "s", 1, "r"));
            assertEquals(kept.keepUntil(), catalog.find("app", id.value()).orElseThrow().keepUntil(),
                    "ending the backup keeps its hold");

            assertTrue(catalog.release("app", id.value()));
            assertNull(catalog.find("app", id.value()).orElseThrow().keepUntil());
            assertFalse(catalog.release("app", "no-such-id"));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            assertEquals(Migrations.UNDER_FLYWAY, statement.executeQuery("PRAGMA user_version").getInt(1));
        }
    }
}
