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
import dev.backstop.core.BackupRecord;
import dev.backstop.core.Progress;
import dev.backstop.core.SetAside;
import dev.backstop.pipeline.AgeCrypto;
import dev.backstop.pipeline.Manifest;
import dev.backstop.pipeline.ManifestCodec;
import dev.backstop.services.Services;
import dev.backstop.wiring.Wiring;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MySQL backups and restores through the real pipeline (mariadb-dump, zstd, age, local store, catalog)
 * against a real MariaDB: routines, triggers, events, views and BLOBs survive, a restore over an
 * existing database swaps it aside, and the stored object loads with stock tools.
 */
class MysqlPipelineTest {

    private static final MariaDbServer SERVER = MariaDbServer.shared();
    private static final String SCHEMA = """
            CREATE TABLE customers (id int PRIMARY KEY, name varchar(100) NOT NULL, photo longblob);
            CREATE TABLE orders (id int AUTO_INCREMENT PRIMARY KEY, customer_id int NOT NULL,
                                 total decimal(10, 2) NOT NULL, note text,
                                 FOREIGN KEY (customer_id) REFERENCES customers (id));
            CREATE TABLE audit (at_order int, what varchar(20));
            INSERT INTO customers SELECT seq, concat('customer ', seq), unhex(repeat('00ff0a0d5c27', seq))
                FROM seq_1_to_40;
            INSERT INTO customers VALUES (41, 'O''Brien),(\\\\; tricky', x'3b2928');
            INSERT INTO orders (customer_id, total, note) SELECT 1 + seq % 41, seq * 1.25,
                IF(seq % 7 = 0, 'gift; wrap it (twice)', NULL) FROM seq_1_to_1000;
            CREATE TRIGGER orders_audit AFTER INSERT ON orders FOR EACH ROW
                INSERT INTO audit VALUES (NEW.id, 'inserted');
            CREATE FUNCTION order_total(wanted int) RETURNS decimal(10, 2) DETERMINISTIC READS SQL DATA
                RETURN (SELECT total FROM orders WHERE id = wanted);
            CREATE PROCEDURE count_orders(OUT found int) BEGIN SELECT count(*) INTO found FROM orders; END;
            CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DO DELETE FROM audit;
            CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 1000;
            """;

    @TempDir
    Path home;

    private Path identity;

    private Services services(String database, String url) throws IOException {
        return services(database, url, Optional.empty());
    }

    private Services services(String database, String url, Optional<DrillConfig> drill) throws IOException {
        AgeCrypto.AgeKey key = AgeCrypto.generate();
        identity = home.resolve("age.key");
        Files.writeString(identity, key.identity() + "\n");
        DatabaseConfig shop = new DatabaseConfig(database, new MysqlSettings(url, MariaDbServer.PASSWORD), false, "",
                Duration.ofHours(25), RetentionPolicy.KEEP_ALL, DatabaseConfig.KEEP_PRE_RESTORE, drill, "");
        BackstopConfig config = new BackstopConfig(home.resolve("backstop.yml"), dev.backstop.config.CatalogLocation.file(home.resolve("catalog.db")),
                StorageConfig.local(home.resolve("backups")), new EncryptionConfig(List.of(key.recipient()), identity),
                new SlackSettings("", "", "", "https://slack.com/api/", "#ops", "#ops", List.of(), Duration.ofMinutes(30)),
                3000, Map.of(database, shop));
        return Wiring.services(config, Clock.systemUTC());
    }

    private static void create(String database) {
        SERVER.sql("", "CREATE DATABASE " + database);
        for (String statement : SCHEMA.split(";\n")) {
            if (!statement.isBlank()) {
                SERVER.sql(database, "DELIMITER $$\n" + statement.strip() + "\n$$\n");
            }
        }
    }

    /** What a restored database must hold, read with the server's own tools. */
    private static void assertHoldsTheShop(String database) {
        assertEquals("41\t1000", SERVER.sql(database, "SELECT (SELECT count(*) FROM customers), count(*) FROM orders"));
        assertEquals(SERVER.sql("mysql_src", "SELECT md5(group_concat(hex(photo) ORDER BY id)) FROM customers"),
                SERVER.sql(database, "SELECT md5(group_concat(hex(photo) ORDER BY id)) FROM customers"));
        assertEquals("O'Brien),(\\\\; tricky", SERVER.sql(database, "SELECT name FROM customers WHERE id = 41"));
        assertEquals("8.75", SERVER.sql(database, "SELECT order_total(7)"));
        assertEquals("1000", SERVER.sql(database, "CALL count_orders(@n); SELECT @n"));
        assertEquals("nightly", SERVER.sql(database, "SELECT EVENT_NAME FROM information_schema.EVENTS"
                + " WHERE EVENT_SCHEMA = DATABASE()"));
        assertEquals("200", SERVER.sql(database, "SELECT count(*) FROM big_orders"));
        SERVER.sql(database, "INSERT INTO orders (customer_id, total) VALUES (1, 1)");
        assertEquals(SERVER.sql(database, "SELECT max(id) FROM orders") + "\tinserted",
                SERVER.sql(database, "SELECT at_order, what FROM audit"), "the trigger fires on the restored table");
    }

    @Test
    void a_backup_restores_over_an_existing_database_with_routines_triggers_events_views_and_blobs() throws Exception {
        if (!SERVER.databases().contains("mysql_src")) {
            create("mysql_src");
        }
        SERVER.sql("", "CREATE DATABASE mysql_over");
        SERVER.sql("mysql_over", "CREATE TABLE old_stuff (x int); INSERT INTO old_stuff VALUES (1);"
                + "CREATE TRIGGER old_trigger BEFORE INSERT ON old_stuff FOR EACH ROW SET NEW.x = NEW.x + 1;");
        try (Services services = services("shop", SERVER.url("mysql_src"))) {
            BackupRecord backup = services.backups().backup("shop", "tester", Progress.NONE);
            Manifest manifest;
            try (InputStream in = Files.newInputStream(home.resolve("backups").resolve(backup.manifestKey()))) {
                manifest = ManifestCodec.decode(in);
            }
            assertEquals("mysql", manifest.engine());
            assertEquals("mysqldump-sql", manifest.dumpFormat());
            assertEquals(Map.of("audit", 0L, "customers", 41L, "orders", 1000L), manifest.tableRowCounts());
            assertTrue(manifest.source().get("server_version").contains("MariaDB"), manifest.source().toString());

            var restored = services.restores().restore(backup, SERVER.url("mysql_over"), "tester", Progress.NONE);

            assertFalse(restored.target().contains(MariaDbServer.PASSWORD));
            assertHoldsTheShop("mysql_over");
            assertEquals("", SERVER.sql("mysql_over", "SHOW TABLES LIKE 'old_stuff'"));
            MysqlEngine over = new MysqlEngine(SERVER.url("mysql_over"), MariaDbServer.PASSWORD, home, Clock.systemUTC());
            List<SetAside> setAside = over.setAside();
            assertEquals(List.of(SetAside.Kind.PRE_RESTORE), setAside.stream().map(SetAside::kind).toList());
            String previous = setAside.get(0).name();
            assertEquals("1", SERVER.sql(previous, "SELECT x FROM old_stuff"));
            assertEquals("old_trigger", SERVER.sql(previous, "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS"
                    + " WHERE TRIGGER_SCHEMA = DATABASE()"));
            assertTrue(SERVER.databases().stream().noneMatch(name -> name.contains("_restoring_")));
            assertTrue(over.drop(setAside.get(0)));
            assertFalse(SERVER.databases().contains(previous));
        }
    }

    @Test
    void the_stored_object_loads_with_stock_age_zstd_and_mariadb() throws Exception {
        if (!SERVER.databases().contains("mysql_src")) {
            create("mysql_src");
        }
        try (Services services = services("shop", SERVER.url("mysql_src"))) {
            BackupRecord backup = services.backups().backup("shop", "tester", Progress.NONE);
            SERVER.sql("", "CREATE DATABASE mysql_stock");
            Path object = home.resolve("backups").resolve(backup.objectKey());
            Process shell = new ProcessBuilder("sh", "-c", "age -d -i \"$1\" \"$2\" | zstd -d | mariadb"
                    + " --defaults-extra-file=\"$3\" mysql_stock", "restore", identity.toString(), object.toString(),
                    SERVER.rootOptions().toString()).redirectErrorStream(true).start();
            String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, shell.waitFor(), output);
            assertHoldsTheShop("mysql_stock");
        }
    }

    @Test
    void a_drill_restores_into_a_scratch_database_checks_it_and_drops_it() throws Exception {
        if (!SERVER.databases().contains("mysql_src")) {
            create("mysql_src");
        }
        DrillConfig drill = new DrillConfig("", Duration.ofMinutes(5), List.of("orders", "customers"),
                List.of("SELECT count(*) FROM big_orders", "SELECT order_total(7)"), "");
        try (Services services = services("shop", SERVER.url("mysql_src"), Optional.of(drill))) {
            services.backups().backup("shop", "tester", Progress.NONE);

            var report = services.drills().drill("shop", "latest", "tester", Progress.NONE);

            assertTrue(report.passed(), report.checks().toString());
            assertEquals(List.of("restore", "integrity", "row_counts", "required_table orders",
                    "required_table customers", "query SELECT count(*) FROM big_orders", "query SELECT order_total(7)",
                    "freshness", "rto"), report.checks().stream().map(check -> check.name()).toList());
            assertTrue(SERVER.databases().stream().noneMatch(name -> name.contains("_drill_")), SERVER.databases().toString());
            assertEquals("1000", SERVER.sql("mysql_src", "SELECT count(*) FROM orders"), "the source is untouched");
        }
    }

    @Test
    void prune_drops_a_stopped_restores_database_and_an_expired_pre_restore_copy_but_not_other_names()
            throws Exception {
        SERVER.sql("", "CREATE DATABASE IF NOT EXISTS mysql_tidy; CREATE DATABASE mysql_tidy_restoring_20200101_000000;"
                + "CREATE DATABASE mysql_tidy_pre_restore_20200101_000000; CREATE DATABASE mysql_tidy2_restoring_20200101_000000;");
        try (Services services = services("tidy", SERVER.url("mysql_tidy"))) {
            DatabaseConfig tidy = services.config().database("tidy").orElseThrow();

            List<SetAside> dropped = services.pruner().dropSetAside(tidy, "ops:bob");

            assertEquals(List.of("mysql_tidy_restoring_20200101_000000", "mysql_tidy_pre_restore_20200101_000000"),
                    dropped.stream().map(SetAside::name).toList());
            List<String> left = SERVER.databases();
            assertFalse(left.contains("mysql_tidy_restoring_20200101_000000"), left.toString());
            assertFalse(left.contains("mysql_tidy_pre_restore_20200101_000000"), left.toString());
            assertTrue(left.contains("mysql_tidy2_restoring_20200101_000000"), left.toString());
            assertEquals(List.of("drop leftover restore", "drop pre-restore"), services.catalog().auditLog(10).stream()
                    .map(entry -> entry.action()).toList());
            assertTrue(services.catalog().auditLog(10).stream().allMatch(entry -> entry.actor().equals("ops:bob")
                    && !entry.target().contains(MariaDbServer.PASSWORD)));
        }
    }
}
