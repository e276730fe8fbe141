package dev.backstop.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.DrillConfig;
import dev.backstop.config.EncryptionConfig;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.config.SlackSettings;
import dev.backstop.config.StorageConfig;
import dev.backstop.core.CheckResult;
import dev.backstop.core.Progress;
import dev.backstop.pipeline.AgeCrypto;
import dev.backstop.pipeline.DrillService.DrillReport;
import dev.backstop.services.Services;
import dev.backstop.wiring.Wiring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drills of PostgreSQL backups into a scratch database on the same server. */
class PostgresDrillTest {

    private static final PostgresServer SERVER = PostgresServer.shared();

    @TempDir
    Path home;

    private Services services(String database) throws IOException {
        AgeCrypto.AgeKey key = AgeCrypto.generate();
        Path identity = home.resolve("age.key");
        Files.writeString(identity, key.identity() + "\n");
        DrillConfig drill = new DrillConfig("", Duration.ofMinutes(5), List.of("orders"),
                List.of("SELECT count(*) FROM orders"), "");
        DatabaseConfig shop = new DatabaseConfig(database, new PostgresSettings(SERVER.url(database), PostgresServer.PASSWORD),
                false, "", Duration.ofHours(25), RetentionPolicy.KEEP_ALL, DatabaseConfig.KEEP_PRE_RESTORE,
                Optional.of(drill), "");
        BackstopConfig config = new BackstopConfig(home.resolve("backstop.yml"), dev.backstop.config.CatalogLocation.file(home.resolve("catalog.db")),
                StorageConfig.local(home.resolve("backups")), new EncryptionConfig(List.of(key.recipient()), identity),
                new SlackSettings("", "", "", "https://slack.com/api/", "#ops", "#ops", List.of(), Duration.ofMinutes(30)),
                3000, Map.of(database, shop));
        return Wiring.services(config, Clock.systemUTC());
    }

    private void createShop(String database) {
        SERVER.sql("postgres", "CREATE DATABASE " + database);
        SERVER.sql(database, """
                CREATE TABLE customers (id serial PRIMARY KEY, email text NOT NULL);
                CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id int NOT NULL, total numeric(10, 2));
                INSERT INTO customers (email) SELECT 'c' || g || '@example.com' FROM generate_series(1, 20) g;
                INSERT INTO orders (customer_id, total) SELECT 1 + g % 20, g FROM generate_series(1, 300) g;
                """);
    }

    private static CheckResult check(DrillReport report, String name) {
        return report.checks().stream().filter(check -> check.name().equals(name)).findFirst().orElseThrow();
    }

    private static boolean scratchLeft(String database) {
        return SERVER.databases().stream().anyMatch(name -> name.startsWith(database + "_drill_"));
    }

    @Test
    void a_drill_restores_into_a_scratch_database_checks_it_and_drops_it() throws IOException {
        createShop("drillshop");
        SERVER.sql("drillshop", "ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id)");
        try (Services services = services("drillshop")) {
            services.backups().backup("drillshop", "tester", Progress.NONE);
            DrillReport report = services.drills().drill("drillshop", "latest", "tester", Progress.NONE);
            assertTrue(report.passed(), report.checks().toString());
            assertEquals("2 tables match the manifest", check(report, "row_counts").detail());
            assertEquals("returned 300", check(report, "query SELECT count(*) FROM orders").detail());
            assertEquals("300 rows", check(report, "required_table orders").detail());
            assertFalse(scratchLeft("drillshop"), SERVER.databases().toString());
            assertEquals(Map.of("public.customers", 20L, "public.orders", 300L),
                    new PostgresEngine(SERVER.url("drillshop"), PostgresServer.PASSWORD, home).tableRowCounts(SERVER.url("drillshop")));
        }
    }

    @Test
    void a_not_valid_foreign_key_that_does_not_hold_fails_integrity() throws IOException {
        createShop("fkshop");
        SERVER.sql("fkshop", """
                INSERT INTO orders (customer_id, total) VALUES (999, 1);
                ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
                """);
        try (Services services = services("fkshop")) {
            services.backups().backup("fkshop", "tester", Progress.NONE);
            DrillReport report = services.drills().drill("fkshop", "latest", "tester", Progress.NONE);
            assertFalse(report.passed());
            CheckResult integrity = check(report, "integrity");
            assertTrue(integrity.detail().contains("foreign key violation: orders orders_customer_fk"), integrity.detail());
            assertFalse(scratchLeft("fkshop"), SERVER.databases().toString());
        }
    }
}
