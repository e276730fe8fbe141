package dev.backstop.engine;

import dev.backstop.core.DatabaseEngine;
import java.time.Clock;

/** The engine contract against a real MariaDB server. */
class MysqlEngineContractTest extends DatabaseEngineContract {

    private static final MariaDbServer SERVER = MariaDbServer.shared();

    @Override
    DatabaseEngine seededEngine(String name) {
        SERVER.sql("", "CREATE DATABASE " + name);
        SERVER.sql(name, "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL);"
                + "INSERT INTO items SELECT seq, concat('item ', seq) FROM seq_1_to_500;"
                + "CREATE TABLE notes (body blob); INSERT INTO notes VALUES (x'00ff'), (x'0a0d'), (NULL);");
        return new MysqlEngine(SERVER.url(name), MariaDbServer.PASSWORD, work, Clock.systemUTC());
    }

    @Override
    String newTarget(String name) {
        return SERVER.url(name);
    }

    @Override
    String existingTarget(String name) {
        SERVER.sql("", "CREATE DATABASE " + name);
        SERVER.sql(name, "CREATE TABLE keep (id int); INSERT INTO keep SELECT seq FROM seq_1_to_7;");
        return SERVER.url(name);
    }

    @Override
    boolean exists(String target) {
        return SERVER.databases().contains(MysqlUrl.parse(target).database());
    }

    @Override
    String withPassword(String target, String password) {
        return target.replace(MariaDbServer.USER + "@", MariaDbServer.USER + ":" + password + "@");
    }
}
