package dev.backstop.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.config.ConfigException;
import dev.backstop.config.ConfigLoader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restores through {@code pg_restore -j2}: the dump is staged as a private file in the work folder,
 * checked for room first, and deleted whatever happens; the target is swapped only after pg_restore succeeded.
 */
class PostgresParallelRestoreTest {

    private static final PostgresServer SERVER = PostgresServer.shared();
    private static final String ROLE = "parallel_reader_" + ProcessHandle.current().pid();
    private static byte[] dump;
    private static byte[] dumpWithGoneRole;

    @TempDir
    Path work;

    /** The folders whose free space the engine asked for. */
    private final List<Path> asked = new ArrayList<>();

    @BeforeAll
    static void createSource() throws IOException {
        SERVER.sql("postgres", "CREATE DATABASE parallel_src");
        SERVER.sql("parallel_src", "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);"
                + "INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 3000) g;"
                + "CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL REFERENCES customers (id),"
                + " total numeric NOT NULL); CREATE INDEX orders_by_customer ON orders (customer_id);"
                + "INSERT INTO orders (customer_id, total) SELECT 1 + g % 3000, g FROM generate_series(1, 20000) g;");
        dump = dumpOf("parallel_src");
        SERVER.sql("postgres", "CREATE DATABASE parallel_acl_src");
        SERVER.sql("parallel_acl_src", "CREATE TABLE items (id int PRIMARY KEY);"
                + "INSERT INTO items SELECT generate_series(1, 100); CREATE ROLE " + ROLE + ";"
                + "GRANT SELECT ON items TO " + ROLE);
        dumpWithGoneRole = dumpOf("parallel_acl_src");
        SERVER.sql("parallel_acl_src", "REVOKE SELECT ON items FROM " + ROLE + "; DROP ROLE " + ROLE);
    }

    private static byte[] dumpOf(String database) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PostgresEngine(SERVER.url(database), PostgresServer.PASSWORD, Path.of("target", "pg-work")).dump(out);
        return out.toByteArray();
    }

    private PostgresEngine engine(long freeBytes) {
        return new PostgresEngine(SERVER.url("parallel_src"), PostgresServer.PASSWORD, work,
                Clock.fixed(Instant.parse("2026-12-01T13:00:00Z"), ZoneOffset.UTC), 2, folder -> {
                    asked.add(folder);
                    return freeBytes;
                }, 0);
    }

    @Test
    void parallelRestoreRestoresTheSameRowsFromAStagedFileItDeletesAfterwards() throws IOException {
        PostgresEngine engine = engine(Long.MAX_VALUE / 2);
        SERVER.sql("postgres", "CREATE DATABASE parallel_copy");
        engine.restore(new ByteArrayInputStream(dump), dump.length, SERVER.url("parallel_copy"));
        assertEquals(engine.tableRowCounts(SERVER.url("parallel_src")), engine.tableRowCounts(SERVER.url("parallel_copy")));
        assertEquals(Map.of("public.customers", 3000L, "public.orders", 20000L),
                engine.tableRowCounts(SERVER.url("parallel_copy")));
        assertEquals("orders_by_customer", SERVER.sql("parallel_copy",
                "SELECT indexname FROM pg_indexes WHERE indexname = 'orders_by_customer'"));
        assertEquals(List.of(work), asked, "the staged dump's folder was checked for room");
        assertEquals(List.of(), staged(), "the staged dump is deleted");
        assertNoRestoringDatabase();
    }

    @Test
    void theStagedDumpIsPrivateWhileItExists() throws IOException {
        PostgresEngine engine = new PostgresEngine(SERVER.url("parallel_src"), PostgresServer.PASSWORD, work,
                Clock.fixed(Instant.parse("2026-12-01T13:00:00Z"), ZoneOffset.UTC), 2, folder -> Long.MAX_VALUE / 2, 0);
        List<String> modes = new ArrayList<>();
        InputStream watching = new FilterInputStream(new ByteArrayInputStream(dump)) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                for (Path file : stagedFiles()) {
                    modes.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
                }
                return super.read(buffer, offset, length);
            }
        };
        engine.restore(watching, dump.length, SERVER.url("parallel_private"));
        assertFalse(modes.isEmpty(), "the dump was staged in the work folder");
        assertTrue(modes.stream().allMatch("rw-------"::equals), modes.toString());
        assertEquals(List.of(), staged());
    }

    @Test
    void pgRestoreFailingMidwayLeavesTheTargetAsItWasAndDeletesTheStagedDump() throws IOException {
        SERVER.sql("postgres", "CREATE DATABASE parallel_kept");
        SERVER.sql("parallel_kept", "CREATE TABLE keep (x int); INSERT INTO keep SELECT generate_series(1, 9)");
        PostgresEngine engine = engine(Long.MAX_VALUE / 2);
        IOException failure = assertThrows(IOException.class, () -> engine.restore(
                new ByteArrayInputStream(dumpWithGoneRole), dumpWithGoneRole.length, SERVER.url("parallel_kept")));
        assertTrue(failure.getMessage().startsWith("pg_restore into parallel_kept_restoring_20261201_130000 failed:"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("role \"" + ROLE + "\" does not exist"), failure.getMessage());
        assertFalse(failure.getMessage().contains("\n"), failure.getMessage());
        assertEquals(Map.of("public.keep", 9L), engine.tableRowCounts(SERVER.url("parallel_kept")));
        assertEquals(List.of(work), asked, "the dump was staged for pg_restore -j");
        assertEquals(List.of(), staged());
        assertNoRestoringDatabase();
    }

    @Test
    void tooLittleRoomForTheStagedDumpFailsInOneLineBeforeAnythingIsTouched() throws IOException {
        SERVER.sql("postgres", "CREATE DATABASE parallel_full");
        SERVER.sql("parallel_full", "CREATE TABLE keep (x int); INSERT INTO keep VALUES (5)");
        PostgresEngine engine = engine(3L << 20);
        long[] read = {0};
        InputStream counting = new FilterInputStream(new ByteArrayInputStream(dump)) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int got = super.read(buffer, offset, length);
                read[0] += Math.max(got, 0);
                return got;
            }
        };
        List<String> before = SERVER.databases();
        IOException failure = assertThrows(IOException.class,
                () -> engine.restore(counting, dump.length, SERVER.url("parallel_full")));
        assertEquals("not enough disk space to stage the dump for pg_restore: " + work + " has 3.0 MiB free and the"
                + " dump needs " + String.format(java.util.Locale.ROOT, "%.1f MiB", dump.length / 1048576.0)
                + " (and 64.0 MiB to spare); free some space there, or set restore_jobs: 1 to stream the dump instead",
                failure.getMessage());
        assertEquals(0, read[0], "the dump was not read");
        assertEquals(before, SERVER.databases(), "no database was created or renamed");
        assertEquals("5", SERVER.sql("parallel_full", "SELECT x FROM keep"));
        assertEquals(List.of(), staged());
    }

    @Test
    void oneJobStreamsTheDumpWithoutStagingIt() throws IOException {
        PostgresEngine engine = new PostgresEngine(SERVER.url("parallel_src"), PostgresServer.PASSWORD, work,
                Clock.fixed(Instant.parse("2026-12-01T13:00:00Z"), ZoneOffset.UTC), 1, folder -> {
                    asked.add(folder);
                    return 0;
                }, 0);
        engine.restore(new ByteArrayInputStream(dump), dump.length, SERVER.url("parallel_streamed"));
        assertEquals(Map.of("public.customers", 3000L, "public.orders", 20000L),
                engine.tableRowCounts(SERVER.url("parallel_streamed")));
        assertEquals(List.of(), asked, "nothing was staged, so no room was needed");
    }

    @Test
    void aDumpUnderTheParallelSizeStreamsWithoutStagingIt() throws IOException {
        PostgresEngine engine = new PostgresEngine(SERVER.url("parallel_src"), PostgresServer.PASSWORD, work,
                Clock.fixed(Instant.parse("2026-12-01T13:00:00Z"), ZoneOffset.UTC), 2, folder -> {
                    asked.add(folder);
                    return 0;
                }, dump.length + 1L);
        engine.restore(new ByteArrayInputStream(dump), dump.length, SERVER.url("parallel_small"));
        assertEquals(Map.of("public.customers", 3000L, "public.orders", 20000L),
                engine.tableRowCounts(SERVER.url("parallel_small")));
        assertEquals(List.of(), asked, "nothing was staged, so no room was needed");
    }

    @Test
    void restoreJobsIsReadFromTheConfigAndRefusedWhenNotAPositiveNumber(@TempDir Path dir) throws Exception {
        String yaml = """
                catalog: ./catalog.db
                storage: { type: local, path: ./backups }
                encryption: { recipients: [age1xhsgvdt2kq0tnp9dkguw7r8wss8vuvn7qydrgsjy9mwrtjrtddzs9da2hm] }
                databases:
                  shop:
                    engine: postgres
                    url: postgresql://backstop@db.internal:5432/shop
                """;
        Path file = dir.resolve("backstop.yml");
        Files.writeString(file, yaml);
        ConfigLoader loader = new ConfigLoader(Map.of(), Engines.ALL);
        assertEquals(2, ((PostgresSettings) loader.load(file).database("shop").orElseThrow().settings()).restoreJobs());
        Files.writeString(file, yaml + "    restore_jobs: 4\n");
        assertEquals(4, ((PostgresSettings) loader.load(file).database("shop").orElseThrow().settings()).restoreJobs());
        Files.writeString(file, yaml + "    restore_jobs: 0\n");
        ConfigException refused = assertThrows(ConfigException.class, () -> loader.load(file));
        assertTrue(refused.getMessage().endsWith("databases.shop.restore_jobs: must be a whole number from 1 to 64"
                + " (pg_restore's -j; 1 streams the dump)"), refused.getMessage());
    }

    private List<Path> stagedFiles() throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            return files.filter(file -> file.getFileName().toString().startsWith(PostgresSpool.PREFIX)).toList();
        }
    }

    private List<String> staged() throws IOException {
        return stagedFiles().stream().map(file -> file.getFileName().toString()).toList();
    }

    private static void assertNoRestoringDatabase() {
        assertTrue(SERVER.databases().stream().noneMatch(name -> name.contains("_restoring_")),
                SERVER.databases().toString());
    }
}
