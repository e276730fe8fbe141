package dev.backstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.ConfigFile;
import dev.backstop.TestWorld;
import dev.backstop.chat.ChatCommands;
import dev.backstop.chat.ChatRequest;
import dev.backstop.chat.Reply;
import dev.backstop.core.Progress;
import dev.backstop.engine.PostgresServer;
import dev.backstop.services.Services;
import dev.backstop.wiring.Wiring;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real PostgreSQL server: a staging backup named onto the production database by another spelling of
 * its URL is refused from chat and needs two approvers in the CLI; a chat target on a server of the
 * member's choosing is refused before any connection is made.
 */
class PostgresProductionTargetTest {

    private static final PostgresServer SERVER = PostgresServer.shared();

    @TempDir
    Path home;

    @Test
    void the_production_database_by_another_url_spelling_is_refused_in_chat_and_needs_approvers_in_the_cli()
            throws Exception {
        SERVER.sql("postgres", "DROP DATABASE IF EXISTS acc_shopprod");
        SERVER.sql("postgres", "DROP DATABASE IF EXISTS acc_staging");
        SERVER.sql("postgres", "CREATE DATABASE acc_shopprod");
        SERVER.sql("postgres", "CREATE DATABASE acc_staging");
        SERVER.sql("acc_shopprod", "CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders"
                + " SELECT generate_series(1, 50)");
        SERVER.sql("acc_staging", "CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders VALUES (1)");
        TestWorld world = new TestWorld(home);
        String password = PostgresServer.PASSWORD;
        ConfigFile.write(world, """
                slack:
                  approvers: [U1, U2, U3]
                  operators: [U4]
                databases:
                  staging:
                    engine: postgres
                    url: %s
                    password: %s
                    restore_targets: ["%s"]
                  shop:
                    engine: postgres
                    url: %s
                    password: %s
                    production: true
                """.formatted(SERVER.url("acc_staging"), password, SERVER.url("acc_scratch"),
                SERVER.url("acc_shopprod"), password));
        String config = home.resolve("backstop.yml").toString();
        String sameDatabase = "postgresql://" + PostgresServer.USER + "@LocalHost:" + SERVER.port() + "/acc_shopprod";

        try (Services services = Wiring.services(home.resolve("backstop.yml"));
             ServerSocket theirs = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            services.backups().backup("staging", "cron", Progress.NONE);
            ChatCommands chat = new ChatCommands(services);
            Reply production = assertInstanceOf(Reply.class, chat.handle(new ChatRequest("/restore",
                    "staging latest --to " + sameDatabase, "U4", "C1")));
            assertTrue(production.text().startsWith(":no_entry: `" + sameDatabase + "` is not a restore target of"
                    + " staging"), production.text());
            String elsewhere = "postgresql://app@127.0.0.1:" + theirs.getLocalPort() + "/x";
            Reply foreign = assertInstanceOf(Reply.class, chat.handle(new ChatRequest("/restore",
                    "staging latest --to " + elsewhere, "U4", "C1")));
            assertTrue(foreign.text().startsWith(":no_entry: `" + elsewhere + "` is not a restore target of staging"),
                    foreign.text());
            theirs.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, theirs::accept, "the bot never connected to their server");
        }
        assertEquals("50", SERVER.sql("acc_shopprod", "SELECT count(*) FROM orders"));

        Result refused = run("--config", config, "--as", "ops", "restore", "staging", "latest", "--to", sameDatabase);
        assertEquals(1, refused.status());
        assertTrue(refused.err().contains("the target is production database shop: restoring it needs --approved-by"),
                refused.err());
        for (String spelled : List.of("0.0.0.0:" + SERVER.port() + "/acc_shopprod",
                "0x7f000001:" + SERVER.port() + "/acc_shopprod", "127.0.0.1:0" + SERVER.port() + "/acc_shopprod",
                "127.0.0.1/acc_shopprod?port=0" + SERVER.port(), "127.0.0.1:+" + SERVER.port() + "/acc_shopprod",
                "127.0.0.1:%3" + String.valueOf(SERVER.port()).charAt(0) + String.valueOf(SERVER.port()).substring(1)
                        + "/acc_shopprod")) {
            String target = "postgresql://" + PostgresServer.USER + "@" + spelled;
            Result sneaked = run("--config", config, "--as", "ops", "restore", "staging", "latest", "--to", target);
            assertEquals(1, sneaked.status(), target + ": " + sneaked.out());
            assertTrue(sneaked.err().contains("the target is production database shop"), sneaked.err());
        }
        Result renamed = run("--config", config, "--as", "ops", "restore", "staging", "latest", "--to",
                "postgresql://" + PostgresServer.USER + "@127.0.0.1:" + SERVER.port() + "/acc_shopprod?dbname=postgres");
        assertEquals(1, renamed.status(), renamed.out());
        assertTrue(renamed.err().contains("names its database with dbname="), renamed.err());
        assertEquals("50", SERVER.sql("acc_shopprod", "SELECT count(*) FROM orders"));

        Result approved = run("--config", config, "--as", "ops", "restore", "staging", "latest", "--to", sameDatabase,
                "--approved-by", "U1,U2");
        assertEquals(0, approved.status(), approved.err());
        assertEquals("1", SERVER.sql("acc_shopprod", "SELECT count(*) FROM orders"));
    }

    private record Result(int status, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = BackstopCli.run(Wiring::services, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }
}
