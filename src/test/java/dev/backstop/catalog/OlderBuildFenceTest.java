package dev.backstop.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.config.CatalogLocation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite catalog that Flyway keeps carries a {@code user_version} above the legacy steps' 10, which
 * builds from before Flyway refuse ("newer than this Backstop"), so an old CLI or replica left running
 * in a rolling upgrade cannot take backups beside the job locks it does not know; this build keeps opening it.
 */
class OlderBuildFenceTest {

    @TempDir
    Path dir;

    private static int userVersion(Path file) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet result = connection.createStatement().executeQuery("PRAGMA user_version")) {
            return result.getInt(1);
        }
    }

    @Test
    void a_fresh_and_an_upgraded_catalog_are_fenced_from_builds_before_flyway_and_still_open_here() throws Exception {
        Path fresh = dir.resolve("fresh.db");
        Catalog.open(CatalogLocation.file(fresh)).close();
        assertTrue(userVersion(fresh) > 10, "user_version " + userVersion(fresh));

        Path old = dir.resolve("old.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + old)) {
            Migrations.apply(connection, 10);
        }
        assertEquals(10, userVersion(old));
        Catalog.open(CatalogLocation.file(old), Clock.systemUTC(), List.of()).close();
        assertTrue(userVersion(old) > 10, "user_version " + userVersion(old));
        try (Catalog again = Catalog.open(CatalogLocation.file(old))) {
            again.ping();
        }
    }
}
