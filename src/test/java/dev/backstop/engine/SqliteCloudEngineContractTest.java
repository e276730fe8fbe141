package dev.backstop.engine;

import dev.backstop.TestWorld;
import dev.backstop.core.DatabaseEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

/** The engine contract against the SQLite Cloud stand-in, which keeps real SQLite files. */
class SqliteCloudEngineContractTest extends DatabaseEngineContract {

    private SqliteCloudStandIn cloud;

    private SqliteCloudStandIn cloud() throws Exception {
        if (cloud == null) {
            cloud = new SqliteCloudStandIn(work.resolve("cloud"), PASSWORD);
        }
        return cloud;
    }

    @AfterEach
    void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Override
    DatabaseEngine seededEngine(String name) throws Exception {
        sql(cloud().file(name), "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
                + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)"
                + " INSERT INTO items SELECT i, 'item ' || i FROM n;"
                + "CREATE TABLE notes (body BLOB); INSERT INTO notes VALUES (x'00ff'), (x'0a0d'), (NULL);");
        return new SqliteCloudEngine(new SqliteCloudSettings(cloud().url(), name, PASSWORD), work.resolve("work"),
                Clock.systemUTC());
    }

    @Override
    String newTarget(String name) {
        return "sqlitecloud://127.0.0.1:" + port() + "/" + name;
    }

    @Override
    String existingTarget(String name) throws Exception {
        sql(cloud().file(name), "CREATE TABLE keep (id INTEGER);"
                + "INSERT INTO keep VALUES (1), (2), (3), (4), (5), (6), (7);");
        return newTarget(name);
    }

    @Override
    boolean exists(String target) throws Exception {
        return cloud().exists(SqliteCloudTarget.parse(target).database());
    }

    @Override
    String withPassword(String target, String password) {
        return target.replace("sqlitecloud://", "sqlitecloud://user:" + password + "@");
    }

    private int port() {
        try {
            return Integer.parseInt(cloud().url().substring(cloud().url().lastIndexOf(':') + 1));
        } catch (Exception failed) {
            throw new IllegalStateException(failed);
        }
    }

    static void sql(Path file, String script) throws Exception {
        try (Connection connection = TestWorld.open(file); Statement statement = connection.createStatement()) {
            for (String each : script.split(";")) {
                if (!each.isBlank()) {
                    statement.execute(each);
                }
            }
        }
    }
}
