package dev.backstop.chat;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.config.ConfigLoader;
import dev.backstop.engine.Engines;
import dev.backstop.engine.PostgresServer;
import dev.backstop.services.Services;
import dev.backstop.wiring.Wiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chat restore never writes into the PostgreSQL database that holds Backstop's catalog, even when an admin lists it. */
class PostgresCatalogTargetChatTest {

    @TempDir
    Path home;

    @Test
    void the_catalogs_database_is_refused_as_a_listed_restore_target() throws Exception {
        PostgresServer server = PostgresServer.shared();
        String catalog = server.freshDatabase("cat_");
        TestWorld world = new TestWorld(home);
        String aliased = "postgresql://" + PostgresServer.USER + "@localhost:" + server.port() + "/" + catalog;
        Path config = home.resolve("backstop.yml");
        Files.writeString(config, """
                catalog: %s
                catalog_password: %s
                storage: { type: local, path: ./backups }
                encryption: { recipients: [%s], identity_file: ./age.key }
                slack: { approvers: [U1, U2], operators: [U4] }
                databases:
                  pg:
                    engine: postgres
                    url: %s
                    restore_targets: ["%s"]
                """.formatted(server.url(catalog), PostgresServer.PASSWORD, world.key.recipient(),
                server.url("shop"), aliased));
        try (Services services = Wiring.services(new ConfigLoader(Map.of(), Engines.ALL).load(config),
                Clock.systemUTC())) {
            Reply reply = assertInstanceOf(Reply.class, new ChatCommands(services).handle(new ChatRequest("/restore",
                    "pg latest --to " + aliased, "U4", "C1")));
            assertTrue(reply.text().contains("is Backstop's catalog; chat restores never write there"), reply.text());
            assertTrue(services.catalog().auditLog(10).stream().anyMatch(entry -> entry.action().equals("restore")
                    && entry.outcome().equals("refused") && entry.actor().equals("U4")));
        }
    }
}
