package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.CheckResult;
import dev.backstop.core.Progress;
import dev.backstop.core.SourceSnapshot;
import dev.backstop.services.Services;
import dev.backstop.wiring.Wiring;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A drill of a backup that restores nothing (no tables, an empty dump, not a database) fails. */
class EmptyBackupDrillTest {

    @TempDir
    Path dir;

    private Services services;

    /** Stands for a source that yielded these bytes as its dump, as older releases stored from a locked source. */
    private static final class FixedDump extends dev.backstop.FakeEngine {
        private final byte[] bytes;

        FixedDump(byte[] bytes, String source) {
            super("sqlite", "sqlite3", source);
            this.bytes = bytes;
        }

        @Override
        public SourceSnapshot dump(OutputStream out) throws java.io.IOException {
            out.write(bytes);
            return new SourceSnapshot(Map.of(), Map.of());
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(50);
        services = Wiring.services(world.config, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        services.close();
    }

    private BackupRecord storedBackupOf(byte[] dump) {
        BackupService backups = new BackupService(services.config(), settings -> new FixedDump(dump, "unused"),
                services.store(), services.layout(), services.catalog(), new JobLocks(services.catalog(), Clock.systemUTC()), services.pruner(),
                new ManualTicker(), Clock.systemUTC());
        return backups.backup("app", "test", Progress.NONE);
    }

    private CheckResult failedCheck(DrillService.DrillReport report) {
        assertFalse(report.passed(), report.checks().toString());
        return report.checks().stream().filter(check -> !check.passed()).findFirst().orElseThrow();
    }

    @Test
    void a_backup_whose_database_has_no_tables_fails_its_drill() throws Exception {
        Path empty = dir.resolve("empty.db");
        try (Connection connection = TestWorld.open(empty); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version = 1");
        }
        BackupRecord backup = storedBackupOf(Files.readAllBytes(empty));
        DrillService.DrillReport report = services.drills().drill("app", backup.id(), "test", Progress.NONE);
        CheckResult failed = failedCheck(report);
        assertEquals("row_counts", failed.name());
        assertTrue(failed.detail().contains("the restored copy has no tables"), failed.detail());
    }

    @Test
    void a_backup_whose_dump_is_not_a_database_fails_its_drill() {
        byte[] noise = new byte[8192];
        new java.util.Random(3).nextBytes(noise);
        BackupRecord backup = storedBackupOf(noise);
        CheckResult failed = failedCheck(services.drills().drill("app", backup.id(), "test", Progress.NONE));
        assertEquals("restore", failed.name());
        assertTrue(failed.detail().contains("not a usable SQLite database"), failed.detail());
    }

    @Test
    void a_backup_recorded_with_an_empty_dump_fails_its_drill_before_restoring() {
        BackupRecord good = services.backups().backup("app", "test", Progress.NONE);
        BackupRecord empty = new BackupRecord(good.id(), good.database(), good.engine(), good.createdAt(),
                good.finishedAt(), good.status(), good.objectKey(), good.manifestKey(), good.sizeBytes(), good.sha256(),
                0, good.rawSha256(), good.actor(), "");
        services.catalog().update(empty);
        CheckResult failed = failedCheck(services.drills().drill("app", good.id(), "test", Progress.NONE));
        assertEquals("restore", failed.name());
        assertTrue(failed.detail().contains("holds an empty dump"), failed.detail());
    }
}
