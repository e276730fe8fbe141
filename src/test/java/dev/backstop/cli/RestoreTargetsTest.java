package dev.backstop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.catalog.Catalog;
import dev.backstop.core.AuditEntry;
import dev.backstop.wiring.Wiring;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backstop restore} over targets that are not a sound database: it says "restored" only when
 * the target holds the backup, keeps a damaged file aside, and refuses a target of the wrong kind.
 */
class RestoreTargetsTest {

    private static final Map<String, Long> BACKED_UP = Map.of("customers", 20L, "orders", 200L);

    @TempDir
    Path dir;

    record Result(int status, String out, String err) {
    }

    @BeforeEach
    void backUpTheApp() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(200);
        world.writeConfigFile(false);
        Result backup = run("backup", "app");
        assertEquals(0, backup.status(), backup.err());
    }

    @Test
    void a_target_with_a_damaged_header_is_kept_aside_and_replaced() throws Exception {
        Path target = dir.resolve("damaged.db");
        smallDatabase(target);
        byte[] damaged = Files.readAllBytes(target);
        Arrays.fill(damaged, 0, 16, (byte) 'Z');
        Files.write(target, damaged);
        assertReplaced(target, damaged);
    }

    @Test
    void a_truncated_target_is_kept_aside_and_replaced() throws Exception {
        Path target = dir.resolve("truncated.db");
        try (Connection connection = TestWorld.open(target); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE big (id INTEGER PRIMARY KEY, payload TEXT)");
            statement.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)"
                    + " INSERT INTO big (payload) SELECT printf('%.500c', 'x') FROM n");
        }
        byte[] whole = Files.readAllBytes(target);
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
        Files.write(target, truncated);
        assertReplaced(target, truncated);
    }

    @Test
    void a_text_file_target_is_kept_aside_and_replaced() throws Exception {
        Path target = dir.resolve("notes.db");
        byte[] text = "these are my notes, not a database\n".repeat(40).getBytes(StandardCharsets.UTF_8);
        Files.write(target, text);
        assertReplaced(target, text);
    }

    @Test
    void a_url_target_is_refused_in_one_line_and_nothing_is_created() throws Exception {
        for (String url : List.of("postgresql://x/y", "postgres://db.example/app", "mysql://db/shop", "s3://bucket/app.db",
                "postgresql://admin:hunter2@db/app")) {
            Result refused = run("restore", "app", "latest", "--to", url);
            String shown = url.replace(":hunter2@", ":***@");
            assertEquals(1, refused.status(), refused.out());
            assertEquals("backstop: " + shown + " is a URL; a sqlite backup restores into a file path,"
                    + " such as --to ./restored/app.db\n", refused.err());
            String scheme = url.substring(0, url.indexOf(':') + 1);
            assertFalse(Files.exists(Path.of(scheme)), "no folder named " + scheme + " in the working folder");
            assertFalse(Files.exists(dir.resolve(scheme)));
            AuditEntry entry = lastRestore();
            assertEquals("failed", entry.outcome());
            assertEquals(shown, entry.target());
            assertFalse(entry.detail().contains("hunter2"), entry.detail());
        }
        try (Stream<Path> work = Files.list(dir)) {
            assertEquals(List.of(), work.filter(file -> file.getFileName().toString().startsWith(".backstop-")).toList());
        }
    }

    @Test
    void a_folder_target_is_refused_in_one_line() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("restored"));
        Result refused = run("restore", "app", "latest", "--to", folder.toString());
        assertEquals(1, refused.status(), refused.out());
        assertEquals("backstop: " + folder + " is a folder; name the database file to restore into, such as "
                + folder.resolve("app.db") + "\n", refused.err());
        try (Stream<Path> inside = Files.list(folder)) {
            assertEquals(List.of(), inside.toList());
        }
        assertEquals("failed", lastRestore().outcome());
    }

    @Test
    void a_healthy_live_wal_database_is_copied_into_in_place_while_the_app_holds_it_open() throws Exception {
        Path target = dir.resolve("live.db");
        try (Connection app = TestWorld.open(target); Statement statement = app.createStatement()) {
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("PRAGMA wal_autocheckpoint = 0");
            statement.execute("CREATE TABLE stale (id INTEGER PRIMARY KEY)");
            statement.execute("INSERT INTO stale VALUES (1), (2), (3)");
            assertTrue(Files.size(Path.of(target + "-wal")) > 0, "the app's last commit is still in the WAL");
            Result restore = run("restore", "app", "latest", "--to", target.toString());
            assertEquals(0, restore.status(), restore.err());
            assertTrue(restore.out().startsWith("restored app backup "), restore.out());
            assertFalse(restore.out().contains("kept as"), restore.out());
            try (ResultSet row = statement.executeQuery("SELECT count(*) FROM orders")) {
                assertEquals(200L, row.getLong(1), "the app's own connection sees the restored data");
            }
        }
        assertEquals(BACKED_UP, TestWorld.rowCounts(target));
        assertEquals("ok", TestWorld.integrityCheck(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(file -> file.getFileName().toString().contains("before-restore")).toList());
        }
        AuditEntry entry = lastRestore();
        assertEquals("succeeded", entry.outcome());
        assertFalse(entry.detail().contains("kept as"), entry.detail());
    }

    @Test
    void a_restore_whose_target_differs_from_the_manifest_fails_and_says_so() throws Exception {
        Path manifest;
        try (Stream<Path> files = Files.walk(dir.resolve("backups"))) {
            manifest = files.filter(file -> file.toString().endsWith(".manifest.json")).findFirst().orElseThrow();
        }
        String json = Files.readString(manifest);
        assertTrue(json.contains("\"orders\" : 200") || json.contains("\"orders\":200"), json);
        Files.writeString(manifest, json.replace("\"orders\" : 200", "\"orders\" : 201").replace("\"orders\":200", "\"orders\":201"));
        Path target = dir.resolve("copy.db");
        Result restore = run("restore", "app", "latest", "--to", target.toString());
        assertEquals(1, restore.status(), restore.out());
        assertEquals("", restore.out());
        assertEquals(1, restore.err().lines().count(), restore.err());
        assertTrue(restore.err().contains("ran, but its row counts differ from the backup's manifest: orders 200 vs 201;"),
                restore.err());
        AuditEntry entry = lastRestore();
        assertEquals("failed", entry.outcome());
        assertTrue(entry.detail().contains("orders 200 vs 201"), entry.detail());
    }

    @Test
    void a_wal_target_with_other_pages_is_copied_into_when_nothing_else_has_it_open() throws Exception {
        Path target = dir.resolve("big-pages.db");
        walDatabaseWith8KiBPages(target);
        Result restore = run("restore", "app", "latest", "--to", target.toString());
        assertEquals(0, restore.status(), restore.err());
        assertEquals(BACKED_UP, TestWorld.rowCounts(target));
        assertEquals("ok", TestWorld.integrityCheck(target));
        assertFalse(restore.out().contains("kept as"), restore.out());
    }

    @Test
    void a_wal_target_with_other_pages_that_the_app_holds_open_is_refused_and_left_as_it_was() throws Exception {
        Path target = dir.resolve("big-pages.db");
        walDatabaseWith8KiBPages(target);
        try (Connection app = TestWorld.open(target); Statement statement = app.createStatement()) {
            try (ResultSet row = statement.executeQuery("SELECT count(*) FROM mine")) {
                assertEquals(2L, row.getLong(1));
            }
            Result restore = run("restore", "app", "latest", "--to", target.toString());
            assertEquals(1, restore.status(), restore.out());
            assertEquals("backstop: restore of " + lastRestore().backupId() + " failed: " + target
                    + " is a WAL database with 8192-byte pages and the backup has 4096-byte pages; SQLite copies across"
                    + " page sizes only when no other connection has the file open: stop the app and restore again;"
                    + " the target was left as it was\n", restore.err());
            try (ResultSet row = statement.executeQuery("SELECT count(*) FROM mine")) {
                assertEquals(2L, row.getLong(1));
            }
        }
        assertEquals(Map.of("mine", 2L), TestWorld.rowCounts(target));
        assertEquals("wal", pragma(target, "journal_mode"));
        assertEquals("failed", lastRestore().outcome());
    }

    @Test
    void a_damaged_source_is_not_backed_up_so_latest_still_restores_the_last_good_backup() throws Exception {
        try (Connection app = TestWorld.open(dir.resolve("app.db")); Statement statement = app.createStatement()) {
            statement.execute("CREATE TABLE shadow (x)");
            statement.execute("PRAGMA writable_schema = ON");
            statement.execute("UPDATE sqlite_schema SET rootpage = (SELECT rootpage FROM sqlite_schema"
                    + " WHERE name = 'customers') WHERE name = 'shadow'");
        }
        Result backup = run("backup", "app");
        assertEquals(1, backup.status(), backup.out());
        assertEquals(1, backup.err().lines().count(), backup.err());
        Path target = dir.resolve("copy.db");
        Result restore = run("restore", "app", "latest", "--to", target.toString());
        assertEquals(0, restore.status(), restore.err());
        assertEquals(BACKED_UP, TestWorld.rowCounts(target));
    }

    @Test
    void orphan_rows_the_source_already_had_do_not_fail_the_check_after_a_restore() throws Exception {
        try (Connection app = TestWorld.open(dir.resolve("app.db")); Statement statement = app.createStatement()) {
            statement.execute("INSERT INTO orders (customer_id, note) VALUES (999, 'orphan')");
        }
        assertEquals(0, run("backup", "app").status());
        Path target = dir.resolve("copy.db");
        Result restore = run("restore", "app", "latest", "--to", target.toString());
        assertEquals(0, restore.status(), restore.err());
        assertEquals(Map.of("customers", 20L, "orders", 201L), TestWorld.rowCounts(target));
        assertEquals("succeeded", lastRestore().outcome());
    }

    /** Restores over {@code target}, whose bytes are {@code before}, and checks what the brief promises. */
    private void assertReplaced(Path target, byte[] before) throws Exception {
        Result restore = run("restore", "app", "latest", "--to", target.toString());
        assertEquals(0, restore.status(), restore.err());
        assertEquals("", restore.err());
        assertEquals(BACKED_UP, TestWorld.rowCounts(target));
        assertEquals("ok", TestWorld.integrityCheck(target));
        Path aside;
        try (Stream<Path> files = Files.list(dir)) {
            aside = files.filter(file -> file.getFileName().toString().startsWith(target.getFileName() + ".before-restore-"))
                    .reduce((one, two) -> {
                        throw new AssertionError("two files set aside: " + one + ", " + two);
                    }).orElseThrow();
        }
        assertTrue(aside.getFileName().toString().matches(".*\\.before-restore-\\d{8}T\\d{9}Z"), aside.toString());
        assertArrayEquals(before, Files.readAllBytes(aside), "the old file is kept byte for byte");
        assertTrue(restore.out().contains("what was there before is kept as " + aside + " ("), restore.out());
        AuditEntry entry = lastRestore();
        assertEquals("succeeded", entry.outcome());
        assertTrue(entry.detail().contains("kept as " + aside), entry.detail());
    }

    private static void walDatabaseWith8KiBPages(Path file) throws Exception {
        try (Connection connection = TestWorld.open(file); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA page_size = 8192");
            statement.execute("PRAGMA journal_mode = WAL");
        }
        smallDatabase(file);
        assertEquals("8192", pragma(file, "page_size"));
    }

    private static String pragma(Path file, String name) throws Exception {
        try (Connection connection = TestWorld.open(file); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("PRAGMA " + name)) {
            return row.getString(1);
        }
    }

    private static void smallDatabase(Path file) throws Exception {
        try (Connection connection = TestWorld.open(file); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE mine (id INTEGER PRIMARY KEY, name TEXT)");
            statement.execute("INSERT INTO mine (name) VALUES ('one'), ('two')");
        }
    }

    private AuditEntry lastRestore() {
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            List<AuditEntry> restores = catalog.auditLog(100).stream().filter(entry -> entry.action().equals("restore"))
                    .toList();
            return restores.get(restores.size() - 1);
        }
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 2];
        full[0] = "--config";
        full[1] = dir.resolve("backstop.yml").toString();
        System.arraycopy(args, 0, full, 2, args.length);
        int status = BackstopCli.run(Wiring::services, new PrintWriter(out, true), new PrintWriter(err, true), full);
        return new Result(status, out.toString(), err.toString());
    }
}
