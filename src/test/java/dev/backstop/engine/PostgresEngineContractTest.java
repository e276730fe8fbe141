package dev.backstop.engine;

import dev.backstop.core.DatabaseEngine;

/** The engine contract against a real PostgreSQL server. */
class PostgresEngineContractTest extends DatabaseEngineContract {

    private static final PostgresServer SERVER = PostgresServer.shared();

    @Override
    DatabaseEngine seededEngine(String name) {
        SERVER.sql("postgres", "CREATE DATABASE " + name);
        SERVER.sql(name, "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL);"
                + "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 500) g;"
                + "CREATE TABLE notes (body bytea); INSERT INTO notes VALUES ('\\x00ff'), ('\\x0a0d'), (NULL);");
        return new PostgresEngine(SERVER.url(name), PostgresServer.PASSWORD, work);
    }

    @Override
    String newTarget(String name) {
        return SERVER.url(name);
    }

    @Override
    String existingTarget(String name) {
        SERVER.sql("postgres", "CREATE DATABASE " + name);
        SERVER.sql(name, "CREATE TABLE keep (id int); INSERT INTO keep SELECT generate_series(1, 7);");
        return SERVER.url(name);
    }

    @Override
    boolean exists(String target) {
        return SERVER.databases().contains(PostgresUrl.parse(target).database());
    }

    @Override
    String withPassword(String target, String password) {
        return target.replace(PostgresServer.USER + "@", PostgresServer.USER + ":" + password + "@");
    }
}
