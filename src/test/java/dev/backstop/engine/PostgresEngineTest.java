package dev.backstop.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL engine against a real server: dumps, failed restores and one-line connection errors. */
class PostgresEngineTest {

    private static final PostgresServer SERVER = PostgresServer.shared();
    private static byte[] dump;

    @TempDir
    Path work;

    @BeforeAll
    static void createSource() throws IOException {
        SERVER.sql("postgres", "CREATE DATABASE engine_src");
        SERVER.sql("engine_src", "CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL);"
                + "INSERT INTO items (name) SELECT 'item ' || g FROM generate_series(1, 500) g;"
                + "CREATE SCHEMA audit; CREATE TABLE audit.\"Log Entries\" (at timestamptz DEFAULT now());"
                + "INSERT INTO audit.\"Log Entries\" DEFAULT VALUES;");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PostgresEngine(SERVER.url("engine_src"), PostgresServer.PASSWORD, Path.of("target", "pg-work"))
                .dump(out);
        dump = out.toByteArray();
    }

    private PostgresEngine engine(String database, String password) {
        return new PostgresEngine(SERVER.url(database), password, work,
                Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void dumpReportsExactRowCountsAndVersions() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var snapshot = engine("engine_src", PostgresServer.PASSWORD).dump(out);
        assertEquals(Map.of("public.items", 500L, "audit.Log Entries", 1L), snapshot.tableRowCounts());
        assertTrue(snapshot.details().get("server_version").startsWith("15"), snapshot.details().toString());
        assertTrue(snapshot.details().get("pg_dump_version").contains("PostgreSQL"), snapshot.details().toString());
        assertEquals("PGDMP", new String(out.toByteArray(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void rowCountsComeFromTheSnapshotThatPgDumpIsGiven() throws IOException {
        SERVER.sql("postgres", "CREATE DATABASE moving");
        SERVER.sql("moving", "CREATE TABLE events (id int); INSERT INTO events SELECT generate_series(1, 10)");
        PostgresUrl url = PostgresUrl.parse(SERVER.url("moving"));
        PostgresClient client = new PostgresClient(PostgresServer.PASSWORD, work);
        try (SnapshotSession session = SnapshotSession.open(client, url)) {
            SERVER.sql("moving", "INSERT INTO events SELECT generate_series(11, 15)");
            assertEquals(Map.of("public.events", 10L), session.rowCounts());
            String seen = client.query(url, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\n"
                    + "SET TRANSACTION SNAPSHOT '" + session.snapshot() + "';\n"
                    + "SELECT count(*) FROM events;\nCOMMIT;\n").get(0).get(0);
            assertEquals("10", seen);
        }
        assertEquals("15", SERVER.sql("moving", "SELECT count(*) FROM events"));
    }

    @Test
    void restoreIntoExistingTargetSwapsAndKeepsThePrevious() throws IOException {
        SERVER.sql("postgres", "CREATE DATABASE swap_target");
        SERVER.sql("swap_target", "CREATE TABLE old_stuff (x int); INSERT INTO old_stuff VALUES (1)");
        PostgresEngine engine = engine("engine_src", PostgresServer.PASSWORD);
        engine.restore(new ByteArrayInputStream(dump), SERVER.url("swap_target"));
        assertEquals(500L, engine.tableRowCounts(SERVER.url("swap_target")).get("public.items"));
        assertTrue(SERVER.databases().contains("swap_target_pre_restore_20261123_120000"), SERVER.databases().toString());
        assertEquals("1", SERVER.sql("swap_target_pre_restore_20261123_120000", "SELECT x FROM old_stuff"));
        assertNoRestoringDatabase();
    }

    @Test
    void dumpStreamThatThrowsLeavesTargetUnchanged() throws IOException {
        SERVER.sql("postgres", "CREATE DATABASE broken_stream");
        SERVER.sql("broken_stream", "CREATE TABLE keep (x int); INSERT INTO keep SELECT generate_series(1, 7)");
        PostgresEngine engine = engine("engine_src", PostgresServer.PASSWORD);
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(dump)) {
            private int seen;

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int read = super.read(buffer, offset, Math.min(length, 1024));
                seen += Math.max(read, 0);
                if (read < 0 || seen > dump.length / 2) {
                    throw new IOException("dump sha256 differs from the recorded one");
                }
                return read;
            }
        };
        IOException failure = assertThrows(IOException.class,
                () -> engine.restore(failing, SERVER.url("broken_stream")));
        assertEquals("dump sha256 differs from the recorded one", failure.getMessage());
        assertEquals(Map.of("public.keep", 7L), engine.tableRowCounts(SERVER.url("broken_stream")));
        assertNoRestoringDatabase();
    }

    @Test
    void truncatedDumpReportsPgRestoreInOneLineAndLeavesTargetUnchanged() throws IOException {
        SERVER.sql("postgres", "CREATE DATABASE truncated_target");
        SERVER.sql("truncated_target", "CREATE TABLE keep (x int); INSERT INTO keep VALUES (42)");
        PostgresEngine engine = engine("engine_src", PostgresServer.PASSWORD);
        byte[] half = Arrays.copyOf(dump, dump.length / 2);
        IOException failure = assertThrows(IOException.class,
                () -> engine.restore(new ByteArrayInputStream(half), SERVER.url("truncated_target")));
        assertTrue(failure.getMessage().startsWith("pg_restore into truncated_target_restoring_20261123_120000 failed:"
                + " pg_restore: error: could not read from input file"), failure.getMessage());
        assertFalse(failure.getMessage().contains("\n"), failure.getMessage());
        assertEquals("42", SERVER.sql("truncated_target", "SELECT x FROM keep"));
        assertNoRestoringDatabase();
    }

    @Test
    void wrongPasswordIsOneClearLineWithoutThePassword() {
        String wrong = "Wrong-pa55-word";
        IOException failure = assertThrows(IOException.class,
                () -> engine("engine_src", wrong).dump(java.io.OutputStream.nullOutputStream()));
        assertOneLineWithout(failure.getMessage(), wrong);
        assertTrue(failure.getMessage().contains("rejected the password for user \"backstop_admin\""),
                failure.getMessage());
    }

    @Test
    void passwordInsideUrlIsStrippedAndStillUsed() throws IOException {
        String url = "postgresql://" + PostgresServer.USER + ":" + PostgresServer.PASSWORD + "@127.0.0.1:"
                + SERVER.port() + "/engine_src";
        PostgresEngine engine = new PostgresEngine(url, "", work);
        assertFalse(engine.defaultTarget().contains(PostgresServer.PASSWORD));
        assertFalse(engine.describe(url).contains(PostgresServer.PASSWORD), engine.describe(url));
        assertEquals("500", engine.queryValue(url, "SELECT count(*) FROM items"));
    }

    @Test
    void passwordReachesTheProgramThroughItsEnvironmentOnly() throws IOException {
        PostgresUrl url = PostgresUrl.parse("postgresql://" + PostgresServer.USER + ":" + PostgresServer.PASSWORD
                + "@127.0.0.1:" + SERVER.port() + "/engine_src");
        PostgresClient client = new PostgresClient("", work).withPassword(url.password());
        try (ChildProcess psql = client.start("psql", url, List.of("-X", "-f", "-"))) {
            Path proc = Path.of("/proc", Long.toString(psql.pid()));
            String commandLine = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
            String environment = Files.readString(proc.resolve("environ"));
            assertTrue(commandLine.contains("--dbname=postgresql://backstop_admin@127.0.0.1:"), commandLine);
            assertFalse(commandLine.contains(PostgresServer.PASSWORD), commandLine);
            assertTrue(environment.contains("PGPASSWORD=" + PostgresServer.PASSWORD));
        }
    }

    @Test
    void unknownHostIsOneClearLine() {
        PostgresEngine engine = new PostgresEngine("postgresql://someone@no-such-host.invalid:5432/app",
                PostgresServer.PASSWORD, work);
        IOException failure = assertThrows(IOException.class, () -> engine.dump(java.io.OutputStream.nullOutputStream()));
        assertOneLineWithout(failure.getMessage(), PostgresServer.PASSWORD);
        assertTrue(failure.getMessage().startsWith("unknown host \"no-such-host.invalid\""), failure.getMessage());
    }

    @Test
    void unreachableServerIsOneClearLine() throws IOException {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PostgresEngine engine = new PostgresEngine("postgresql://someone@127.0.0.1:" + closedPort + "/app",
                PostgresServer.PASSWORD, work);
        IOException failure = assertThrows(IOException.class, () -> engine.tableRowCounts(engine.defaultTarget()));
        assertOneLineWithout(failure.getMessage(), PostgresServer.PASSWORD);
        assertTrue(failure.getMessage().startsWith("cannot reach PostgreSQL at 127.0.0.1:" + closedPort
                + " (connection refused)"), failure.getMessage());
    }

    @Test
    void missingDatabaseIsOneClearLine() {
        IOException failure = assertThrows(IOException.class,
                () -> engine("no_such_db", PostgresServer.PASSWORD).dump(java.io.OutputStream.nullOutputStream()));
        assertOneLineWithout(failure.getMessage(), PostgresServer.PASSWORD);
        assertTrue(failure.getMessage().startsWith("database \"no_such_db\" does not exist on 127.0.0.1:"),
                failure.getMessage());
    }

    @Test
    void failingQueryThrowsAndSucceedingQueryReturnsItsFirstValue() throws IOException {
        PostgresEngine engine = engine("engine_src", PostgresServer.PASSWORD);
        assertEquals("item 3", engine.queryValue(SERVER.url("engine_src"), "SELECT name FROM items WHERE id = 3"));
        IOException failure = assertThrows(IOException.class,
                () -> engine.queryValue(SERVER.url("engine_src"), "SELECT * FROM no_such_table"));
        assertTrue(failure.getMessage().contains("no_such_table"), failure.getMessage());
    }

    private static void assertOneLineWithout(String message, String password) {
        assertFalse(message.contains("\n"), message);
        assertFalse(message.contains(password), message);
    }

    private static void assertNoRestoringDatabase() {
        assertTrue(SERVER.databases().stream().noneMatch(name -> name.contains("_restoring_")),
                SERVER.databases().toString());
    }
}
