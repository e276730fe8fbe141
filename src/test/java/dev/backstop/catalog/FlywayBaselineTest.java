package dev.backstop.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.config.CatalogLocation;
import dev.backstop.core.AuditEntry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Flyway takes over where the legacy steps end: a SQLite catalog they brought to version 10 is baselined
 * there with its rows, later scripts then apply, and a catalog with a step this build lacks is refused.
 */
class FlywayBaselineTest {

    private static final String LATER = "classpath:db/later-steps/";

    @TempDir
    Path dir;

    @Test
    void a_version_10_catalog_of_the_legacy_steps_is_baselined_keeps_its_rows_and_gets_later_scripts() throws Exception {
        Path file = dir.resolve("catalog.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            Migrations.apply(connection, 10);
            statement.executeUpdate("INSERT INTO backups (id, database, engine, created_at, status, object_key,"
                    + " manifest_key, actor, heartbeat_at) VALUES ('20261101T000000000Z-0001', 'app', 'sqlite', 1,"
                    + " 'succeeded', 'k', 'm', 'cron', 1)");
            statement.executeUpdate("INSERT INTO audit_log (at, actor, action, database, backup_id, target, outcome,"
                    + " detail) VALUES (5, 'alice', 'backup', 'app', '20261101T000000000Z-0001', 'k', 'succeeded', '')");
        }
        try (Catalog catalog = Catalog.open(CatalogLocation.file(file), Clock.systemUTC(), List.of(LATER + "sqlite"))) {
            assertEquals("cron", catalog.find("app", "20261101T000000000Z-0001").orElseThrow().actor());
            assertEquals(List.of(new AuditEntry(Instant.ofEpochMilli(5), "alice", "backup", "app",
                    "20261101T000000000Z-0001", "k", "succeeded", "")), catalog.auditLog(10));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            ResultSet history = statement.executeQuery("SELECT version, type, success FROM flyway_schema_history"
                    + " WHERE version IS NOT NULL ORDER BY installed_rank");
            assertTrue(history.next());
            assertEquals("10", history.getString("version"));
            assertEquals("BASELINE", history.getString("type"), "version 10 is not run again over the old tables");
            for (String later : List.of("11", "12", "900")) {
                assertTrue(history.next());
                assertEquals(later, history.getString("version"));
                assertTrue(history.getBoolean("success"));
            }
            assertTrue(history.getBoolean("success"));
            assertEquals("applied", statement.executeQuery("SELECT note FROM later_step").getString(1));
        }
    }

    @Test
    void eight_processes_opening_an_old_catalog_at_once_upgrade_and_baseline_it_once() throws Exception {
        for (int round = 0; round < 5; round++) {
            Path file = dir.resolve("old-" + round + ".db");
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                Migrations.apply(connection, 8);
            }
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<?>> opens = new java.util.ArrayList<>();
                for (int opener = 0; opener < 8; opener++) {
                    opens.add(pool.submit(() -> {
                        start.await();
                        Catalog.open(file).close();
                        return null;
                    }));
                }
                start.countDown();
                for (java.util.concurrent.Future<?> open : opens) {
                    open.get(60, java.util.concurrent.TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement statement = connection.createStatement()) {
                ResultSet history = statement.executeQuery("SELECT count(*), min(type) FROM flyway_schema_history"
                        + " WHERE version = '10'");
                assertEquals(1, history.getInt(1), "round " + round);
                assertEquals("BASELINE", history.getString(2));
                assertEquals(Migrations.UNDER_FLYWAY, statement.executeQuery("PRAGMA user_version").getInt(1));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogDialect.class)
    void a_catalog_with_a_step_this_build_lacks_is_refused_in_one_line(CatalogDialect dialect) {
        CatalogLocation location = TestCatalogs.fresh(dialect, dir);
        Catalog.open(location, Clock.systemUTC(), List.of(LATER + dialect.label())).close();

        CatalogException refused = assertThrows(CatalogException.class, () -> Catalog.open(location));

        assertEquals("cannot open catalog " + location.where() + ": schema version 900 is newer than this Backstop"
                + " knows (12); upgrade Backstop", refused.getMessage());
    }

    @Test
    void a_legacy_catalog_newer_than_version_10_is_refused_in_one_line() throws Exception {
        Path file = dir.resolve("catalog.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version = 11");
        }
        CatalogException refused = assertThrows(CatalogException.class, () -> Catalog.open(file));
        assertEquals("cannot open catalog " + file + ": catalog schema version 11 is newer than this Backstop knows"
                + " (10); upgrade Backstop", refused.getMessage());
    }
}
