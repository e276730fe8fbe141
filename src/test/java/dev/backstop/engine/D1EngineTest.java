package dev.backstop.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.core.SourceSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The D1 engine's own cases against the stand-in: failures mid-way, rate limits, bad tokens, stock dumps. */
class D1EngineTest {

    private static final String SHOP = "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);"
            + "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers (id),"
            + " note TEXT);"
            + "INSERT INTO customers VALUES (1, 'Ann'), (2, 'O''Brien; (x)');"
            + "INSERT INTO orders VALUES (1, 1, 'line one\nline two; INSERT INTO ghost VALUES(1);'), (2, 2, NULL),"
            + " (3, 2, 'x');";

    @TempDir
    Path work;

    private FakeD1Api api;

    @BeforeEach
    void start() throws IOException {
        api = new FakeD1Api(work);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private D1Engine engine(String id) {
        return engine(id, FakeD1Api.TOKEN);
    }

    private D1Engine engine(String id, String token) {
        return new D1Engine(api.apiUrl(), FakeD1Api.ACCOUNT, id, token, work, D1EngineContractTest.QUICK);
    }

    private static byte[] dump(D1Engine engine, Map<String, String> details, Map<String, Long> counts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SourceSnapshot snapshot = engine.dump(out);
        details.putAll(snapshot.details());
        counts.putAll(snapshot.tableRowCounts());
        return out.toByteArray();
    }

    @Test
    void a_backup_polls_the_export_downloads_it_without_the_token_and_counts_its_rows() throws Exception {
        String id = api.create("shop", SHOP);
        Map<String, String> details = new java.util.TreeMap<>();
        Map<String, Long> counts = new java.util.TreeMap<>();

        String sql = new String(dump(engine(id), details, counts), StandardCharsets.UTF_8);

        assertTrue(sql.startsWith("PRAGMA defer_foreign_keys=TRUE;"), sql);
        assertEquals(Map.of("customers", 2L, "orders", 3L), counts, "the string holding INSERT INTO is not a row");
        assertTrue(details.get("at_bookmark").matches("\\d{8}-[0-9a-f]{8}"), details.toString());
        assertEquals(2, api.exportPolls, "polled while 202 active, then 200 complete");
        List<String> signed = api.seen.stream().filter(line -> line.contains("/signed/")).toList();
        assertEquals(1, signed.size(), api.seen.toString());
        assertFalse(signed.get(0).contains("Authorization"), signed.get(0));
    }

    @Test
    void an_export_that_errors_while_polled_fails_the_backup_in_one_line() {
        String id = api.create("shop", SHOP);
        api.failExportWhilePolled = true;

        IOException failed = assertThrows(IOException.class, () -> engine(id).dump(new ByteArrayOutputStream()));

        assertEquals("D1 POST /d1/database/" + id + "/export failed: Export failed: the database was too busy"
                + " [code: 7500]; Cloudflare could not do it now, try again in a few minutes", failed.getMessage());
    }

    @Test
    void an_import_that_fails_half_way_puts_the_target_back_to_its_bookmark() throws Exception {
        D1Engine source = engine(api.create("shop", SHOP));
        byte[] sql = dump(source, new java.util.HashMap<>(), new java.util.HashMap<>());
        String target = api.create("target", "CREATE TABLE keep (id INTEGER); INSERT INTO keep VALUES (1), (2);");
        api.failImportAfterStatements = 4;

        IOException failed = assertThrows(IOException.class,
                () -> source.restore(new ByteArrayInputStream(sql), "d1://" + target));

        assertTrue(failed.getMessage().contains("Import failed: statement 4 could not run"), failed.getMessage());
        assertTrue(failed.getMessage().contains("was put back to bookmark"), failed.getMessage());
        assertEquals(Map.of("keep", 2L), source.rowCounts("d1://" + target));
    }

    @Test
    void an_upload_stored_with_another_etag_is_refused_and_the_target_kept() throws Exception {
        D1Engine source = engine(api.create("shop", SHOP));
        byte[] sql = dump(source, new java.util.HashMap<>(), new java.util.HashMap<>());
        String target = api.create("target", "CREATE TABLE keep (id INTEGER); INSERT INTO keep VALUES (1);");
        api.wrongEtag = true;

        IOException failed = assertThrows(IOException.class,
                () -> source.restore(new ByteArrayInputStream(sql), "d1://" + target));

        assertTrue(failed.getMessage().contains("the upload was damaged"), failed.getMessage());
        assertEquals(Map.of("keep", 1L), source.rowCounts("d1://" + target));
    }

    @Test
    void a_rate_limited_call_waits_for_retry_after_and_goes_on() throws Exception {
        D1Engine engine = engine(api.create("shop", SHOP));
        api.rateLimitNext(1);
        long start = System.nanoTime();

        Map<String, Long> counts = engine.rowCounts(engine.defaultTarget());

        assertEquals(Map.of("customers", 2L, "orders", 3L), counts);
        assertTrue(System.nanoTime() - start >= 1_000_000_000L, "waited the 1 s retry-after asked for");
    }

    @Test
    void a_bad_token_is_one_line_naming_api_token_and_never_the_token() {
        String id = api.create("shop", SHOP);
        String wrong = "wrong-token-4455";

        IOException failed = assertThrows(IOException.class, () -> engine(id, wrong).dump(new ByteArrayOutputStream()));

        assertEquals("D1 POST /d1/database/" + id + "/export failed: Authentication error [code: 10000]; check"
                + " api_token: it must be valid and have D1 Read and D1 Edit permission on this account",
                failed.getMessage());
        assertFalse(failed.getMessage().contains(wrong));
    }

    @Test
    void a_sqlite3_dump_with_its_transaction_lines_restores_into_d1() throws Exception {
        Path local = work.resolve("local.db");
        Process made = new ProcessBuilder("sqlite3", local.toString()).redirectErrorStream(true).start();
        made.getOutputStream().write(SHOP.getBytes(StandardCharsets.UTF_8));
        made.getOutputStream().close();
        assertEquals(0, made.waitFor(), new String(made.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        Process dumped = new ProcessBuilder("sqlite3", local.toString(), ".dump").start();
        byte[] sql = dumped.getInputStream().readAllBytes();
        assertEquals(0, dumped.waitFor());
        assertTrue(new String(sql, StandardCharsets.UTF_8).contains("BEGIN TRANSACTION;"));
        D1Engine engine = engine(api.create("target", ""));

        engine.restore(new ByteArrayInputStream(sql), engine.defaultTarget());

        assertEquals(Map.of("customers", 2L, "orders", 3L), engine.rowCounts(engine.defaultTarget()));
        assertEquals(List.of(), engine.integrityProblems(engine.defaultTarget()));
        assertTrue(Files.list(work).noneMatch(file -> file.getFileName().toString().startsWith(".backstop-d1-import-")),
                "the spooled import is deleted");
    }

    @Test
    void a_target_that_is_not_d1_is_refused_before_anything_runs() {
        D1Engine engine = engine(api.create("shop", SHOP));
        int before = api.seen.size();

        RuntimeException refused = assertThrows(RuntimeException.class, () -> engine.requireTarget("/tmp/app.db"));

        assertEquals("cannot restore a d1 backup into `/tmp/app.db`; name a D1 database as d1://<database_id>",
                refused.getMessage());
        assertEquals(before, api.seen.size());
    }
}
