package dev.backstop.catalog;

import dev.backstop.config.CatalogLocation;
import dev.backstop.engine.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Fresh catalogs for the catalog tests, one per dialect: a new SQLite file in the test's folder, or a new
 * database {@code cat_<random>} on the shared test PostgreSQL server. Tests run on both through
 * {@code @ParameterizedTest @EnumSource(CatalogDialect.class)}.
 */
final class TestCatalogs {

    private TestCatalogs() {
    }

    /** Where a fresh, empty catalog of {@code dialect} may be opened. */
    static CatalogLocation fresh(CatalogDialect dialect, Path dir) {
        if (dialect == CatalogDialect.SQLITE) {
            return CatalogLocation.file(dir.resolve("cat_" + UUID.randomUUID() + ".db"));
        }
        PostgresServer server = PostgresServer.shared();
        String name = server.freshDatabase("cat_");
        return CatalogLocation.postgresql(server.url(name), PostgresServer.PASSWORD, dir.resolve("work"));
    }

    /** A plain JDBC connection to the catalog, outside Backstop, for tests that look underneath. */
    static Connection jdbc(CatalogLocation location) throws SQLException {
        if (location.isFile()) {
            return DriverManager.getConnection("jdbc:sqlite:" + location.file());
        }
        return DriverManager.getConnection(CatalogPools.jdbcUrl(dev.backstop.core.TargetUrl.parse(location.url())),
                PostgresServer.USER, PostgresServer.PASSWORD);
    }

    /** Runs {@code sql} on the catalog outside Backstop; returns how many rows it changed. */
    static int execute(CatalogLocation location, String sql) throws SQLException {
        try (Connection connection = jdbc(location); Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }
}
