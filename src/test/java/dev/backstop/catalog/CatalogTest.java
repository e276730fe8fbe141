package dev.backstop.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackupId;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.ObjectKey;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {

    @TempDir
    Path dir;

    @Test
    void migrations_run_once_and_the_schema_version_is_recorded() throws Exception {
        Path file = dir.resolve("catalog.db");
        Catalog.open(file).close();
        try (Catalog catalog = Catalog.open(file)) {
            catalog.ping();
        }
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             var statement = connection.createStatement()) {
            assertEquals(Migrations.latest(), statement.executeQuery("PRAGMA user_version").getInt(1));
            assertEquals("wal", statement.executeQuery("PRAGMA journal_mode").getString(1));
        }
    }

    @Test
    void a_backup_moves_from_running_to_succeeded() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            BackupId id = BackupId.next(Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));
            BackupRecord started = BackupRecord.started(id, "app", "sqlite", new ObjectKey("app/x.zst.age"),
                    new ObjectKey("app/x.manifest.json"), "alice");
            catalog.insert(started);
            assertEquals(BackupStatus.RUNNING, catalog.find("app", id.value()).orElseThrow().status());
            assertTrue(catalog.latestSucceeded("app").isEmpty());
            catalog.update(started.succeeded(Instant.parse("2026-11-23T10:01:00Z"), 10, "ab", 20, "cd"));
            BackupRecord found = catalog.latestSucceeded("app").orElseThrow();
            assertEquals(10, found.sizeBytes());
            assertEquals(Instant.parse("2026-11-23T10:01:00Z"), found.finishedAt());
            assertEquals(id.createdAt(), found.createdAt());
        }
    }

    @Test
    void the_audit_log_is_append_only() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            catalog.audit(new AuditEntry(Instant.now(), "alice", "restore", "app", "id", "t", "succeeded", ""));
            assertEquals(1, catalog.auditLog(10).size());
        }
        Path file = dir.resolve("catalog.db");
        var refused = assertThrows(java.sql.SQLException.class, () -> {
            try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                 var statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE audit_log SET actor = 'mallory'");
            }
        });
        assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
        assertThrows(java.sql.SQLException.class, () -> {
            try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                 var statement = connection.createStatement()) {
                statement.executeUpdate("DELETE FROM audit_log");
            }
        });
    }
}
