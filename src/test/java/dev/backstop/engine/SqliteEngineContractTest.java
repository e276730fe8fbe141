package dev.backstop.engine;

import dev.backstop.TestWorld;
import dev.backstop.core.DatabaseEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

/** The engine contract against real SQLite files. */
class SqliteEngineContractTest extends DatabaseEngineContract {

    @Override
    DatabaseEngine seededEngine(String name) throws Exception {
        Path file = work.resolve(name + ".db");
        sql(file, "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
                + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)"
                + " INSERT INTO items SELECT i, 'item ' || i FROM n;"
                + "CREATE TABLE notes (body BLOB); INSERT INTO notes VALUES (x'00ff'), (x'0a0d'), (NULL);");
        return new SqliteEngine(file, work.resolve("work"));
    }

    @Override
    String newTarget(String name) {
        return work.resolve(name + ".db").toString();
    }

    @Override
    String existingTarget(String name) throws Exception {
        Path file = work.resolve(name + ".db");
        sql(file, "CREATE TABLE keep (id INTEGER);"
                + "INSERT INTO keep VALUES (1), (2), (3), (4), (5), (6), (7);");
        return file.toString();
    }

    @Override
    boolean exists(String target) {
        return Files.exists(Path.of(target));
    }

    @Override
    String withPassword(String target, String password) {
        return "file://user:" + password + "@localhost" + target;
    }

    private static void sql(Path file, String script) throws Exception {
        try (Connection connection = TestWorld.open(file); Statement statement = connection.createStatement()) {
            for (String each : script.split(";")) {
                if (!each.isBlank()) {
                    statement.execute(each);
                }
            }
        }
    }
}
