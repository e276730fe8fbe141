package dev.backstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With `catalog: postgresql://...` the command line backs up, lists and restores, keeping every record in PostgreSQL. */
class PostgresCatalogCliTest {

    @TempDir
    Path dir;

    private final PostgresServer server = PostgresServer.shared();
    private final String database = "cat_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    private Path world() throws Exception {
        server.sql("postgres", "CREATE DATABASE " + database);
        TestWorld world = new TestWorld(dir);
        world.createDatabase(50);
        Path config = world.writeConfigFile(false);
        Files.writeString(config, Files.readString(config).replace("catalog: ./catalog.db\n",
                "catalog: " + server.url(database) + "\ncatalog_password: ${CATALOG_PASSWORD:-" + PostgresServer.PASSWORD
                        + "}\nwork_dir: ./staging\n"));
        return config;
    }

    @Test
    void backup_list_and_restore_run_on_a_postgresql_catalog() throws Exception {
        Path config = world();

        CliRun backup = CliRun.of("--config", config.toString(), "backup", "app");
        assertEquals(0, backup.status(), backup.err());
        String id = backup.out().trim();
        CliRun list = CliRun.of("--config", config.toString(), "list", "app");
        assertEquals(0, list.status(), list.err());
        assertTrue(list.out().contains(id), list.out());
        Path copy = dir.resolve("copy.db");
        CliRun restore = CliRun.of("--config", config.toString(), "restore", "app", id, "--to", copy.toString());
        assertEquals(0, restore.status(), restore.err());

        assertEquals(TestWorld.rowCounts(dir.resolve("app.db")), TestWorld.rowCounts(copy));
        assertEquals("1", server.sql(database, "SELECT count(*) FROM backups WHERE status = 'succeeded' AND id = '"
                + id + "'"));
        assertEquals("backup,restore", server.sql(database, "SELECT string_agg(action, ',' ORDER BY seq) FROM audit_log"
                + " WHERE outcome = 'succeeded'"));
        assertFalse(Files.exists(dir.resolve("catalog.db")), "no SQLite catalog was made beside the config");
        assertTrue(Files.isDirectory(dir.resolve("staging")), "work is staged in work_dir");
        assertFalse((backup.err() + list.err() + restore.err()).contains(PostgresServer.PASSWORD));
    }

    @Test
    void the_services_read_the_database_servers_clock_not_the_one_given() throws Exception {
        Path config = world();
        Clock wrong = Clock.fixed(Instant.parse("2001-01-01T00:00:00Z"), ZoneOffset.UTC);
        try (Services services = Wiring.services(new ConfigLoader(Map.of(), Engines.ALL).load(config), wrong)) {
            Instant server = Instant.parse(this.server.sql(database,
                    "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"));
            Duration apart = Duration.between(services.clock().instant(), server).abs();
            assertTrue(apart.compareTo(Duration.ofSeconds(5)) < 0, services.clock().instant() + " vs " + server);
        }
    }
}
