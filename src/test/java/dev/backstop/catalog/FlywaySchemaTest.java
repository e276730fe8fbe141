package dev.backstop.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.backstop.config.CatalogLocation;
import dev.backstop.engine.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An open skips Flyway only for a catalog whose history holds exactly this build's scripts: the shipped list and
 * its checksums are what Flyway itself records, and a failed, changed, newer or missing step sends the open to Flyway.
 */
class FlywaySchemaTest {

    @TempDir
    Path dir;

    private static boolean current(CatalogLocation location, CatalogDialect dialect) {
        try (HikariDataSource pool = location.isFile() ? CatalogPools.sqlite(location.file())
                : CatalogPools.postgresql(location.url(), PostgresServer.PASSWORD)) {
            return FlywaySchema.current(pool, dialect);
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogDialect.class)
    void the_shipped_scripts_and_their_checksums_are_the_ones_flyway_records(CatalogDialect dialect) throws Exception {
        CatalogLocation location = TestCatalogs.fresh(dialect, dir);
        Catalog.open(location).close();
        List<String> recorded = new ArrayList<>();
        try (Connection connection = TestCatalogs.jdbc(location);
             Statement statement = connection.createStatement();
             ResultSet steps = statement.executeQuery("SELECT version, checksum FROM flyway_schema_history"
                     + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
            while (steps.next()) {
                recorded.add(steps.getString(1) + " " + steps.getInt(2));
            }
        }
        List<String> shipped = new ArrayList<>();
        for (String script : FlywaySchema.SCRIPTS) {
            shipped.add(script.substring(1, script.indexOf("__")) + " " + FlywaySchema.checksum(dialect, script));
        }
        assertEquals(shipped, recorded);
    }

    @ParameterizedTest
    @EnumSource(CatalogDialect.class)
    void a_migrated_catalog_is_current_and_an_empty_one_is_not(CatalogDialect dialect) {
        CatalogLocation location = TestCatalogs.fresh(dialect, dir);
        assertFalse(current(location, dialect), "no history yet");
        Catalog.open(location).close();
        assertTrue(current(location, dialect));
    }

    @ParameterizedTest
    @EnumSource(CatalogDialect.class)
    void a_changed_failed_newer_or_missing_step_is_not_current(CatalogDialect dialect) throws Exception {
        CatalogLocation location = TestCatalogs.fresh(dialect, dir);
        Catalog.open(location).close();
        List<String[]> damages = List.of(
                new String[] {"UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '11'",
                        "UPDATE flyway_schema_history SET checksum = checksum - 1 WHERE version = '11'"},
                new String[] {"UPDATE flyway_schema_history SET success = NOT success WHERE version = '12'",
                        "UPDATE flyway_schema_history SET success = NOT success WHERE version = '12'"},
                new String[] {"INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                        + " checksum, installed_by, execution_time, success) VALUES (100, '13', 'later', 'SQL',"
                        + " 'V13__later.sql', 1, 'someone', 0, 1 = 1)",
                        "DELETE FROM flyway_schema_history WHERE installed_rank = 100"},
                new String[] {"UPDATE flyway_schema_history SET installed_rank = -installed_rank WHERE version = '12'",
                        "UPDATE flyway_schema_history SET installed_rank = -installed_rank WHERE version = '12'"});
        for (String[] damage : damages) {
            assertEquals(1, TestCatalogs.execute(location, damage[0]), damage[0]);
            assertFalse(current(location, dialect), damage[0]);
            TestCatalogs.execute(location, damage[1]);
            assertTrue(current(location, dialect), damage[1]);
        }
        TestCatalogs.execute(location, "DELETE FROM flyway_schema_history WHERE version = '12'");
        assertFalse(current(location, dialect), "the newest step is missing");
    }

    @Test
    void a_legacy_catalog_baselined_at_version_10_is_current_once_flyway_took_it_over() throws Exception {
        Path file = dir.resolve("legacy.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            Migrations.apply(connection, 10);
        }
        CatalogLocation location = CatalogLocation.file(file);
        assertFalse(current(location, CatalogDialect.SQLITE));
        Catalog.open(location).close();
        assertTrue(current(location, CatalogDialect.SQLITE));
        Catalog.open(location).close();
    }
}
