package dev.backstop.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.config.CatalogLocation;
import dev.backstop.engine.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A catalog whose Flyway history was tampered with is refused in one line saying what is wrong and what to do. */
class DamagedHistoryTest {

    @TempDir
    Path dir;

    @Test
    void a_changed_checksum_in_the_history_is_refused_naming_the_table_the_step_and_what_to_do() throws Exception {
        Path file = dir.resolve("catalog.db");
        Catalog.open(CatalogLocation.file(file)).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            assertEquals(1, statement.executeUpdate(
                    "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '12'"));
        }
        CatalogException refused = assertThrows(CatalogException.class, () -> Catalog.open(CatalogLocation.file(file)));
        String message = refused.getMessage();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains("flyway_schema_history") && message.contains("version 12")
                && message.contains("restore the catalog from a copy"), message);
    }

    @Test
    void a_postgresql_database_with_tables_but_no_history_is_refused_as_not_a_backstop_catalog() throws Exception {
        PostgresServer server = PostgresServer.shared();
        server.sql("postgres", "CREATE DATABASE not_ours");
        server.sql("not_ours", "CREATE TABLE invoices (id int)");
        CatalogException refused = assertThrows(CatalogException.class, () -> Catalog.open(CatalogLocation.postgresql(
                server.url("not_ours"), PostgresServer.PASSWORD, dir.resolve("work"))));
        String message = refused.getMessage();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains("no flyway_schema_history") && message.contains("empty database"), message);
        assertTrue(!message.contains("baseline"), message);
    }
}
