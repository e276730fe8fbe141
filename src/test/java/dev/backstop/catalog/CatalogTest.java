package dev.backstop.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.config.CatalogLocation;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackupId;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.ObjectKey;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The catalog's schema, a backup's life and the append-only audit log, on SQLite and PostgreSQL alike. */
class CatalogTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(CatalogDialect.class)
    void migrations_run_once_and_the_schema_version_is_recorded(CatalogDialect dialect) throws Exception {
        CatalogLocation location = TestCatalogs.fresh(dialect, dir);
        Catalog.open(location).close();
        try (Catalog catalog = Catalog.open(location)) {
            catalog.ping();
            assertEquals(dialect, catalog.dialect());
        }
        try (Connection connection = TestCatalogs.jdbc(location); Statement statement = connection.createStatement()) {
            var history = statement.executeQuery("SELECT version, success FROM flyway_schema_history"
                    + " WHERE version IS NOT NULL ORDER BY installed_rank");
            List<String> applied = new ArrayList<>();
            while (history.next()) {
                assertTrue(history.getBoolean(2), "version " + history.getString(1) + " succeeded");
                applied.add(history.getString(1));
            }
            assertEquals(List.of("10", "11", "12"), applied, "each script is applied once, in order");
            if (dialect == CatalogDialect.SQLITE) {
                assertEquals(Migrations.UNDER_FLYWAY, statement.executeQuery("PRAGMA user_version").getInt(1));
                assertEquals("wal", statement.executeQuery("PRAGMA journal_mode").getString(1));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogDialect.class)
    void a_backup_moves_from_running_to_succeeded(CatalogDialect dialect) {
        try (Catalog catalog = Catalog.open(TestCatalogs.fresh(dialect, dir))) {
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
            assertEquals(java.util.Map.of("succeeded", 1L), catalog.countByStatus("app"));
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogDialect.class)
    void a_failure_names_the_catalog_without_its_password(CatalogDialect dialect) {
        CatalogLocation location = TestCatalogs.fresh(dialect, dir);
        try (Catalog catalog = Catalog.open(location)) {
            BackupRecord backup = BackupRecord.started(BackupId.next(Clock.systemUTC()), "app", "sqlite",
                    new ObjectKey("a"), new ObjectKey("b"), "alice");
            CatalogException missing = assertThrows(CatalogException.class, () -> catalog.update(backup));
            assertEquals("catalog " + location.where() + ": cannot update backup " + backup.id() + ": no backup with id "
                    + backup.id(), missing.getMessage());
            catalog.insert(backup);
            CatalogException twice = assertThrows(CatalogException.class, () -> catalog.insert(backup));
            assertTrue(twice.getMessage().startsWith("catalog " + location.where() + ": cannot record backup "),
                    twice.getMessage());
            assertTrue(!twice.getMessage().contains(dev.backstop.engine.PostgresServer.PASSWORD), twice.getMessage());
            assertEquals(1, twice.getMessage().lines().count(), twice.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogDialect.class)
    void the_audit_log_is_append_only(CatalogDialect dialect) throws Exception {
        CatalogLocation location = TestCatalogs.fresh(dialect, dir);
        try (Catalog catalog = Catalog.open(location)) {
            catalog.audit(new AuditEntry(Instant.now(), "alice", "restore", "app", "id", "t", "succeeded", ""));
            assertEquals(1, catalog.auditLog(10).size());
        }
        for (String tampering : dialect == CatalogDialect.SQLITE
                ? new String[] {"UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"}
                : new String[] {"UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log", "TRUNCATE audit_log"}) {
            SQLException refused = assertThrows(SQLException.class, () -> TestCatalogs.execute(location, tampering));
            assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
        }
        try (Catalog catalog = Catalog.open(location)) {
            assertEquals("alice", catalog.auditLog(10).get(0).actor());
        }
    }
}
