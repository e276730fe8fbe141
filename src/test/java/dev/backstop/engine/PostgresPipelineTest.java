package dev.backstop.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.EncryptionConfig;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.config.SlackSettings;
import dev.backstop.config.StorageConfig;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.Progress;
import dev.backstop.pipeline.AgeCrypto;
import dev.backstop.pipeline.Manifest;
import dev.backstop.pipeline.ManifestCodec;
import dev.backstop.services.Services;
import dev.backstop.wiring.Wiring;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PostgreSQL backups and restores through the real pipeline: pg_dump, zstd, age, local store, catalog. */
class PostgresPipelineTest {

    private static final PostgresServer SERVER = PostgresServer.shared();

    @TempDir
    Path home;

    private Services services(String database, String url) throws IOException {
        AgeCrypto.AgeKey key = AgeCrypto.generate();
        Path identity = home.resolve("age.key");
        Files.writeString(identity, key.identity() + "\n");
        DatabaseConfig shop = new DatabaseConfig(database, new PostgresSettings(url, PostgresServer.PASSWORD), false, "",
                Duration.ofHours(25), RetentionPolicy.KEEP_ALL, DatabaseConfig.KEEP_PRE_RESTORE, Optional.empty(), "");
        BackstopConfig config = new BackstopConfig(home.resolve("backstop.yml"), dev.backstop.config.CatalogLocation.file(home.resolve("catalog.db")),
                StorageConfig.local(home.resolve("backups")), new EncryptionConfig(List.of(key.recipient()), identity),
                new SlackSettings("", "", "", "https://slack.com/api/", "#ops", "#ops", List.of(), Duration.ofMinutes(30)),
                3000, Map.of(database, shop));
        return Wiring.services(config, Clock.systemUTC());
    }

    @Test
    void backupAndRestoreToANewDatabaseKeepsSchemaDataSequencesKeysAndIndexes() throws IOException {
        SERVER.sql("postgres", "CREATE DATABASE shop");
        SERVER.sql("shop", """
                CREATE TABLE customers (id serial PRIMARY KEY, email text NOT NULL UNIQUE);
                CREATE TABLE orders (id bigserial PRIMARY KEY,
                                     customer_id int NOT NULL REFERENCES customers (id),
                                     total numeric(10, 2) NOT NULL, note text);
                CREATE INDEX orders_by_customer ON orders (customer_id, total);
                INSERT INTO customers (email) SELECT 'c' || g || '@example.com' FROM generate_series(1, 40) g;
                INSERT INTO orders (customer_id, total, note)
                    SELECT 1 + g % 40, g * 1.25, CASE WHEN g % 7 = 0 THEN 'gift' END FROM generate_series(1, 1000) g;
                SELECT nextval('orders_id_seq'), nextval('orders_id_seq');
                """);
        try (Services services = services("shop", SERVER.url("shop"))) {
            BackupRecord backup = services.backups().backup("shop", "tester", Progress.NONE);
            Manifest manifest;
            try (InputStream in = Files.newInputStream(home.resolve("backups").resolve(backup.manifestKey()))) {
                manifest = ManifestCodec.decode(in);
            }
            assertEquals("pg_dump-custom", manifest.dumpFormat());
            assertEquals("postgres", manifest.engine());
            assertEquals(Map.of("public.customers", 40L, "public.orders", 1000L), manifest.tableRowCounts());
            assertTrue(manifest.source().containsKey("server_version"), manifest.source().toString());
            assertTrue(manifest.source().containsKey("pg_dump_version"), manifest.source().toString());

            String target = SERVER.url("shop_restored");
            var restored = services.restores().restore(services.restores().resolve("shop", "latest"), target, "tester",
                    Progress.NONE);
            assertFalse(restored.target().contains(PostgresServer.PASSWORD));

            PostgresEngine check = new PostgresEngine(target, PostgresServer.PASSWORD, home);
            assertEquals(manifest.tableRowCounts(), check.tableRowCounts(target));
            assertEquals("1003", check.queryValue(target, "SELECT nextval('orders_id_seq')"));
            assertEquals("gift", check.queryValue(target, "SELECT note FROM orders WHERE id = 7"));
            assertEquals("orders_by_customer", check.queryValue(target,
                    "SELECT indexname FROM pg_indexes WHERE indexname = 'orders_by_customer'"));
            assertEquals("orders_customer_id_fkey", check.queryValue(target,
                    "SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid = 'orders'::regclass"));
            IOException violation = assertThrows(IOException.class, () -> check.queryValue(target,
                    "INSERT INTO orders (customer_id, total) VALUES (999, 1)"));
            assertTrue(violation.getMessage().contains("foreign key"), violation.getMessage());
            assertTrue(SERVER.databases().stream().noneMatch(name -> name.contains("_restoring_")));
        }
    }

    @Test
    void pgDumpFailureFailsTheBackupAndStoresNoObject() throws IOException {
        try (Services services = services("gone", SERVER.url("gone_database"))) {
            BackstopException failure = assertThrows(BackstopException.class,
                    () -> services.backups().backup("gone", "tester", Progress.NONE));
            assertTrue(failure.getMessage().contains("database \"gone_database\" does not exist"), failure.getMessage());
            assertFalse(failure.getMessage().contains(PostgresServer.PASSWORD));
            List<BackupRecord> records = services.catalog().list("gone", 10);
            assertEquals(1, records.size());
            assertEquals(BackupStatus.FAILED, records.get(0).status());
            assertFalse(records.get(0).error().contains(PostgresServer.PASSWORD));
            Path backups = home.resolve("backups");
            if (Files.exists(backups)) {
                try (Stream<Path> files = Files.walk(backups)) {
                    assertEquals(List.of(), files.filter(Files::isRegularFile)
                            .filter(file -> !file.getFileName().toString().startsWith(".tmp-")).toList());
                }
            }
        }
    }

    @Test
    void pgDumpPermissionErrorFailsTheBackupInOneLine() throws IOException {
        SERVER.sql("postgres", "CREATE DATABASE locked_out");
        SERVER.sql("locked_out", "CREATE TABLE open_table (x int); CREATE TABLE secret_table (x int);"
                + "CREATE ROLE dumper LOGIN PASSWORD '" + PostgresServer.PASSWORD + "';"
                + "GRANT SELECT ON open_table TO dumper;");
        String url = "postgresql://dumper@127.0.0.1:" + SERVER.port() + "/locked_out";
        try (Services services = services("locked", url)) {
            BackstopException failure = assertThrows(BackstopException.class,
                    () -> services.backups().backup("locked", "tester", Progress.NONE));
            assertTrue(failure.getMessage().contains("pg_dump: error:"), failure.getMessage());
            assertTrue(failure.getMessage().contains("permission denied"), failure.getMessage());
            assertFalse(failure.getMessage().contains("\n"), failure.getMessage());
            assertEquals(BackupStatus.FAILED, services.catalog().list("locked", 10).get(0).status());
        }
    }
}
