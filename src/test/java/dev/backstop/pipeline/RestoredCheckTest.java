package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.core.Applied;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.engine.SqliteEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check after every restore, on real SQLite files: a damaged copy (such as one restored from a
 * backup that an older Backstop took of an already damaged source, before backups checked their
 * snapshot) is refused with its problem, and a sound one with the manifest's counts passes.
 */
class RestoredCheckTest {

    private static final Instant AT = Instant.parse("2026-11-30T02:00:00Z");
    private static final BackupRecord BACKUP = new BackupRecord("20261130T020000000Z-0001", "app", "sqlite", AT, AT,
            BackupStatus.SUCCEEDED, "k", "m", 1, "s", 1, "r", "cron", "");

    @TempDir
    Path dir;

    private static Manifest manifest(Map<String, Long> counts) {
        return new Manifest(Manifest.VERSION, BACKUP.id(), "app", "sqlite", AT, AT, "cron", "k", 1, "s",
                Manifest.OBJECT_FORMAT, "sqlite3", 1, "r", Manifest.COMPRESSION, Manifest.ENCRYPTION, List.of("age1x"),
                counts, Map.of(), "test", "");
    }

    @Test
    void a_restored_copy_whose_pages_are_damaged_is_refused_with_the_problem() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(50);
        try (Connection app = TestWorld.open(world.database); Statement statement = app.createStatement()) {
            statement.execute("CREATE TABLE shadow (x)");
            statement.execute("PRAGMA writable_schema = ON");
            statement.execute("UPDATE sqlite_schema SET rootpage = (SELECT rootpage FROM sqlite_schema"
                    + " WHERE name = 'customers') WHERE name = 'shadow'");
        }
        RestoredCheck check = new RestoredCheck(new SqliteEngine(world.database, dir.resolve("work")),
                world.database.toString());

        BackstopException refused = assertThrows(BackstopException.class, () -> check.require(BACKUP,
                manifest(Map.of("customers", 20L, "orders", 50L, "shadow", 20L)), Applied.NOTHING_KEPT));

        assertTrue(refused.getMessage().contains("ran, but its integrity check found 1 problem(s): *** in database"
                + " main *** 2nd reference to page 2 "), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("; do not use the target: restore again, or restore an older backup"),
                refused.getMessage());
    }

    @Test
    void a_sound_copy_with_the_manifest_counts_passes_and_one_with_other_counts_does_not() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(50);
        RestoredCheck check = new RestoredCheck(new SqliteEngine(world.database, dir.resolve("work")),
                world.database.toString());

        assertDoesNotThrow(() -> check.require(BACKUP, manifest(Map.of("customers", 20L, "orders", 50L)),
                Applied.NOTHING_KEPT));
        BackstopException refused = assertThrows(BackstopException.class, () -> check.require(BACKUP,
                manifest(Map.of("customers", 20L, "orders", 51L)), Applied.NOTHING_KEPT));
        assertTrue(refused.getMessage().contains("its row counts differ from the backup's manifest: orders 50 vs 51"),
                refused.getMessage());
    }

    @Test
    void findings_the_engine_handed_over_are_judged_without_reading_the_target_again() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(50);
        RestoredCheck check = new RestoredCheck(new SqliteEngine(world.database, dir.resolve("work")),
                world.database.toString());
        Manifest sound = manifest(Map.of("customers", 20L, "orders", 50L));

        BackstopException damaged = assertThrows(BackstopException.class, () -> check.require(BACKUP, sound,
                Applied.NOTHING_KEPT.withChecked(new Applied.Checked(List.of("Tree 2 page 2: btreeInitPage() error"),
                        Map.of()))));
        BackstopException miscounted = assertThrows(BackstopException.class, () -> check.require(BACKUP, sound,
                Applied.NOTHING_KEPT.withChecked(new Applied.Checked(List.of(),
                        Map.of("customers", 20L, "orders", 49L)))));

        assertTrue(damaged.getMessage().contains("ran, but its integrity check found 1 problem(s): Tree 2 page 2:"),
                damaged.getMessage());
        assertTrue(miscounted.getMessage().contains("its row counts differ from the backup's manifest: orders 49 vs 50"),
                miscounted.getMessage());
        assertDoesNotThrow(() -> check.require(BACKUP, sound, Applied.NOTHING_KEPT.withChecked(
                new Applied.Checked(List.of(), Map.of("customers", 20L, "orders", 50L)))));
    }
}
