package dev.backstop.engine;

import dev.backstop.core.DatabaseEngine;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The engine contract against the D1 stand-in ({@link FakeD1Api}), a real SQLite file behind each
 * database. D1 makes databases by id, so a new target is an empty database and "exists" means it holds tables.
 */
class D1EngineContractTest extends DatabaseEngineContract {

    static final D1Polls QUICK = new D1Polls(Duration.ofMillis(5), Duration.ofMillis(20), 100);

    private FakeD1Api api;

    @BeforeEach
    void start() throws Exception {
        api = new FakeD1Api(work);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Override
    DatabaseEngine seededEngine(String name) {
        String id = api.create(name, "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
                + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)"
                + " INSERT INTO items SELECT i, 'item ' || i || '; it''s (\"odd\")' FROM n;"
                + "CREATE TABLE notes (body BLOB); INSERT INTO notes VALUES (x'00ff'), (x'0a0d3b27'), (NULL);");
        return new D1Engine(api.apiUrl(), FakeD1Api.ACCOUNT, id, FakeD1Api.TOKEN, work, QUICK);
    }

    @Override
    String newTarget(String name) {
        return "d1://" + api.create(name, "");
    }

    @Override
    String existingTarget(String name) {
        return "d1://" + api.create(name, "CREATE TABLE keep (id INTEGER); INSERT INTO keep VALUES (1), (2), (3), (4),"
                + " (5), (6), (7);");
    }

    @Override
    boolean exists(String target) {
        String id = target.substring("d1://".length());
        return api.exists(id) && !api.column(id, D1Database.USER_TABLES).isEmpty();
    }

    @Override
    String withPassword(String target, String password) {
        return target + "?password=" + password;
    }
}
