package dev.backstop.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.backstop.config.CatalogLocation;
import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The legacy JDBC shape of {@link CatalogConnection} (update, select, updateOne) still works on both dialects,
 * and updateOne's follow-up joins its transaction: a failure in it rolls the change back.
 */
class LegacyShapeTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(CatalogDialect.class)
    void update_select_and_update_one_run_in_one_transaction(CatalogDialect dialect) {
        CatalogLocation location = TestCatalogs.fresh(dialect, dir);
        Catalog.open(location).close();
        try (HikariDataSource pool = location.isFile() ? CatalogPools.sqlite(location.file())
                : CatalogPools.postgresql(location.url(), location.password())) {
            CatalogConnection connection = new CatalogConnection(location.where(), Jdbi.create(pool));
            String insert = "INSERT INTO alert_state (database, kind, opened_at, last_sent_at, message) VALUES (?,?,?,?,?)";
            assertEquals(1, connection.update("save alert", insert, statement -> {
                CatalogConnection.strings("app", "stale").bind(statement);
                statement.setLong(3, 1);
                statement.setLong(4, 2);
                statement.setString(5, "old");
            }));
            String touch = "UPDATE alert_state SET message = ? WHERE database = ?";
            assertThrows(IllegalStateException.class, () -> connection.updateOne("touch alert", touch,
                    CatalogConnection.strings("new", "app"), () -> {
                        throw new IllegalStateException("the follow-up failed");
                    }));
            assertEquals(List.of("old"), messages(connection));

            List<String> seenInside = new java.util.ArrayList<>();
            assertTrue(connection.updateOne("touch alert", touch, CatalogConnection.strings("new", "app"),
                    () -> seenInside.addAll(messages(connection))));
            assertEquals(List.of("new"), seenInside, "the follow-up sees the change in its transaction");
            assertFalse(connection.updateOne("touch alert", touch, CatalogConnection.strings("x", "other"), () -> {
                throw new AssertionError("not run when no row changed");
            }));

            CatalogException failed = assertThrows(CatalogException.class,
                    () -> connection.update("save alert", "INSERT INTO no_such_table VALUES (?)", CatalogConnection.strings("x")));
            assertTrue(failed.getMessage().startsWith("catalog " + location.where() + ": cannot save alert: "),
                    failed.getMessage());
        }
    }

    private static List<String> messages(CatalogConnection connection) {
        return connection.select("read alerts", "SELECT message FROM alert_state WHERE database = ?",
                CatalogConnection.strings("app"), row -> row.getString(1));
    }
}
