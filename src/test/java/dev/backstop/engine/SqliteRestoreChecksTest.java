package dev.backstop.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.core.Applied;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite restore runs the target's checks itself, beside the work they would otherwise wait for: on a
 * new file while it is synced (before its rename), in place while the copy is checkpointed; what they
 * found comes back with the outcome, and a failure of the checking thread reaches the restore.
 */
class SqliteRestoreChecksTest {

    @TempDir
    Path dir;

    /** The bytes of a sample database with {@code orders} orders, all in its main file. */
    private byte[] dumpOf(String name, int orders) throws Exception {
        TestWorld world = world(name);
        world.createDatabase(orders);
        return Files.readAllBytes(world.database);
    }

    private TestWorld world(String name) throws IOException {
        return new TestWorld(Files.createDirectories(dir.resolve(name)));
    }

    private SqliteEngine engine() {
        return new SqliteEngine(dir.resolve("source.db"), dir.resolve("work"));
    }

    @Test
    void a_new_file_comes_back_with_its_checks_already_run() throws Exception {
        Path target = dir.resolve("restored/new.db");

        Applied applied = engine().apply(new ByteArrayInputStream(dumpOf("a", 70)), target.toString());

        Applied.Checked checked = applied.checked().orElseThrow();
        assertEquals(java.util.List.of(), checked.damageProblems());
        assertEquals(Map.of("customers", 20L, "orders", 70L), checked.rowCounts());
        assertEquals(Map.of("customers", 20L, "orders", 70L), TestWorld.rowCounts(target));
    }

    @Test
    void a_damaged_dump_restored_to_a_new_file_comes_back_with_its_damage() throws Exception {
        TestWorld world = world("damaged");
        world.createDatabase(50);
        try (Connection app = TestWorld.open(world.database); Statement statement = app.createStatement()) {
            statement.execute("CREATE TABLE shadow (x)");
            statement.execute("PRAGMA writable_schema = ON");
            statement.execute("UPDATE sqlite_schema SET rootpage = (SELECT rootpage FROM sqlite_schema"
                    + " WHERE name = 'customers') WHERE name = 'shadow'");
        }
        Path target = dir.resolve("restored/damaged.db");

        Applied applied = engine().apply(new ByteArrayInputStream(Files.readAllBytes(world.database)),
                target.toString());

        Applied.Checked checked = applied.checked().orElseThrow();
        assertEquals(1, checked.damageProblems().size(), checked.damageProblems().toString());
        assertTrue(checked.damageProblems().get(0).contains("2nd reference to page 2"), checked.damageProblems().get(0));
        assertEquals(Map.of(), checked.rowCounts());
    }

    @Test
    void a_dump_that_is_no_database_fails_on_the_checking_thread_and_creates_no_target() throws Exception {
        byte[] noise = new byte[1 << 16];
        new Random(5).nextBytes(noise);
        Path target = dir.resolve("restored/noise.db");

        IOException failure = assertThrows(IOException.class,
                () -> engine().apply(new ByteArrayInputStream(noise), target.toString()));

        assertTrue(failure.getMessage().startsWith("restored copy is not a usable SQLite database"),
                failure.getMessage());
        assertFalse(Files.exists(target));
        try (var left = Files.list(target.getParent())) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void in_place_under_an_open_connection_the_copy_comes_back_checked_and_the_connection_sees_it() throws Exception {
        TestWorld live = world("live");
        live.createDatabase(10);
        byte[] dump = dumpOf("b", 90);
        try (Connection app = TestWorld.open(live.database); Statement statement = app.createStatement()) {
            statement.execute("PRAGMA journal_mode = WAL");

            Applied applied = engine().apply(new ByteArrayInputStream(dump), live.database.toString());

            assertEquals(Map.of("customers", 20L, "orders", 90L), applied.checked().orElseThrow().rowCounts());
            assertEquals(java.util.List.of(), applied.checked().orElseThrow().damageProblems());
            try (ResultSet row = statement.executeQuery("SELECT count(*) FROM orders")) {
                assertEquals(90L, row.getLong(1));
            }
            try (ResultSet row = statement.executeQuery("PRAGMA quick_check")) {
                assertEquals("ok", row.getString(1));
            }
        }
    }
}
