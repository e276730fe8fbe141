package dev.backstop.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.wiring.Wiring;
import dev.backstop.TestWorld;
import dev.backstop.cli.BackstopCli;
import dev.backstop.services.Services;
import dev.backstop.config.ConfigLoader;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.Progress;
import dev.backstop.pipeline.Manifest;
import dev.backstop.pipeline.ManifestCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * D1 backups and restores through the real pipeline (Main's wiring, zstd, age, local store, catalog)
 * against the D1 stand-in, configured with {@code engine: d1} and {@code api_token: ${CLOUDFLARE_API_TOKEN}}.
 */
class D1PipelineTest {

    private static final String SHOP = "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
            + "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers (id),"
            + " total REAL, photo BLOB);"
            + "CREATE INDEX orders_by_customer ON orders (customer_id);"
            + "CREATE VIEW big_orders AS SELECT id FROM orders WHERE total > 100;"
            + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)"
            + " INSERT INTO customers SELECT i, 'customer ' || i || ' O''Neil; (x)' FROM n;"
            + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
            + " INSERT INTO orders SELECT i, 1 + i % 40, i * 1.5, randomblob(i % 17) FROM n;";

    @TempDir
    Path home;

    private FakeD1Api api;
    private TestWorld world;
    private Path config;

    @BeforeEach
    void start() throws IOException {
        api = new FakeD1Api(Files.createDirectories(home.resolve("d1")));
        world = new TestWorld(home);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private Path config(String databaseId, String drill) throws IOException {
        config = home.resolve("backstop.yml");
        Files.writeString(config, """
                catalog: ./catalog.db
                storage:
                  type: local
                  path: ./backups
                encryption:
                  recipients: [%s]
                  identity_file: ./age.key
                databases:
                  shop:
                    engine: d1
                    account_id: %s
                    database_id: %s
                    api_token: ${CLOUDFLARE_API_TOKEN}
                    api_url: %s
                %s""".formatted(world.key.recipient(), FakeD1Api.ACCOUNT, databaseId, api.apiUrl(), drill));
        return config;
    }

    private Services services() {
        return Wiring.services(new ConfigLoader(Map.of("CLOUDFLARE_API_TOKEN", FakeD1Api.TOKEN), Engines.ALL).load(config),
                Clock.systemUTC());
    }

    private record Run(int status, String out, String err) {
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = Stream.concat(Stream.of("--config", config.toString()), Stream.of(args)).toArray(String[]::new);
        int status = BackstopCli.run(file -> services(), new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(status, out.toString(), err.toString());
    }

    private Manifest manifest(BackupRecord backup) throws IOException {
        try (InputStream in = Files.newInputStream(home.resolve("backups").resolve(backup.manifestKey()))) {
            return ManifestCodec.decode(in);
        }
    }

    @Test
    void a_backup_verifies_restores_into_another_database_and_loads_with_stock_tools() throws Exception {
        String source = api.create("shop", SHOP);
        String copy = api.create("copy", "CREATE TABLE old_stuff (x); INSERT INTO old_stuff VALUES (1);");
        config(source, "");
        try (Services services = services()) {
            BackupRecord backup = services.backups().backup("shop", "tester", Progress.NONE);
            Manifest manifest = manifest(backup);
            assertEquals("d1", manifest.engine());
            assertEquals("d1-export-sql", manifest.dumpFormat());
            assertEquals(Map.of("customers", 40L, "orders", 300L), manifest.tableRowCounts());
            assertTrue(manifest.source().get("at_bookmark").matches("\\d{8}-[0-9a-f]{8}"), manifest.source().toString());

            services.restores().verify(backup, "tester", Progress.NONE);
            services.restores().restore(backup, "d1://" + copy, "tester", Progress.NONE);

            assertEquals(List.of("40", "300", "0", "ok"), List.of(
                    api.column(copy, "SELECT count(*) FROM customers").get(0),
                    api.column(copy, "SELECT count(*) FROM orders").get(0),
                    api.column(copy, "SELECT count(*) FROM sqlite_master WHERE name = 'old_stuff'").get(0),
                    api.column(copy, "PRAGMA integrity_check").get(0)));
            assertEquals(api.column(source, "SELECT hex(group_concat(photo)) FROM orders"),
                    api.column(copy, "SELECT hex(group_concat(photo)) FROM orders"));
            assertEquals(List.of("big_orders", "orders_by_customer"), api.column(copy,
                    "SELECT name FROM sqlite_master WHERE type IN ('view', 'index') AND sql IS NOT NULL ORDER BY name"));

            Path object = home.resolve("backups").resolve(backup.objectKey());
            Process shell = new ProcessBuilder("sh", "-c", "age -d -i \"$1\" \"$2\" | zstd -d > \"$3\" && sqlite3 \"$4\""
                    + " < \"$3\" && sqlite3 \"$4\" 'SELECT count(*) FROM orders'", "restore", world.identityFile.toString(),
                    object.toString(), home.resolve("dump.sql").toString(), home.resolve("local.db").toString())
                    .redirectErrorStream(true).start();
            String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, shell.waitFor(), output);
            assertEquals("300", output.strip());
        }
    }

    @Test
    void an_export_that_errors_while_polled_fails_the_backup_with_one_line() throws Exception {
        config(api.create("shop", SHOP), "");
        api.failExportWhilePolled = true;

        Run run = cli("backup", "shop");

        assertEquals(1, run.status(), run.toString());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("Export failed: the database was too busy [code: 7500]"), run.err());
        try (Services services = services()) {
            assertEquals(List.of(BackupStatus.FAILED), services.catalog().list("shop", 10).stream()
                    .map(BackupRecord::status).toList());
        }
    }

    @Test
    void a_drill_runs_in_a_scratch_database_that_is_deleted_after() throws Exception {
        String source = api.create("shop", SHOP);
        config(source, """
                    drill:
                      required_tables: [orders, customers]
                      queries: ["SELECT count(*) FROM big_orders"]
                """);
        try (Services services = services()) {
            services.backups().backup("shop", "tester", Progress.NONE);

            var report = services.drills().drill("shop", "latest", "tester", Progress.NONE);

            assertTrue(report.passed(), report.checks().toString());
            assertTrue(report.checks().stream().anyMatch(check -> check.name().equals("row_counts")));
            assertTrue(api.seen.stream().anyMatch(line -> line.startsWith("DELETE ")), "the scratch database is deleted");
            assertEquals(List.of(source), api.ids(), "only the source is left");
        }
    }

    @Test
    void a_failing_drill_still_deletes_its_scratch_database() throws Exception {
        String source = api.create("shop", SHOP);
        config(source, """
                    drill:
                      required_tables: [invoices]
                      queries: ["SELECT nothing FROM nowhere"]
                """);
        try (Services services = services()) {
            services.backups().backup("shop", "tester", Progress.NONE);

            var report = services.drills().drill("shop", "latest", "tester", Progress.NONE);

            assertFalse(report.passed(), report.checks().toString());
            assertEquals(List.of("required_table invoices", "query SELECT nothing FROM nowhere"), report.checks().stream()
                    .filter(check -> !check.passed()).map(check -> check.name()).toList());
            assertEquals(List.of(source), api.ids(), "the scratch database is deleted");
        }
    }

    @Test
    void the_token_never_appears_in_output_the_catalog_the_store_or_urls() throws Exception {
        String source = api.create("shop", SHOP);
        String copy = api.create("copy", "");
        config(source, "");

        List<Run> runs = List.of(cli("backup", "shop"), cli("list", "shop"), cli("verify", "shop", "latest"),
                cli("restore", "shop", "latest", "--to", "d1://" + copy), cli("status"),
                cli("--verbose", "restore", "shop", "latest", "--to", "/tmp/not-d1.db"));

        assertEquals(List.of(0, 0, 0, 0), runs.subList(0, 4).stream().map(Run::status).toList(), runs.toString());
        for (Run run : runs) {
            assertFalse(run.out().contains(FakeD1Api.TOKEN) || run.err().contains(FakeD1Api.TOKEN), run.toString());
        }
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(FakeD1Api.TOKEN),
                        file.toString());
            }
        }
        for (String request : api.seen) {
            assertFalse(request.replace("Bearer " + FakeD1Api.TOKEN, "").contains(FakeD1Api.TOKEN), request);
        }
    }
}
