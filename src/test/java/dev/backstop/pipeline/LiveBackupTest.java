package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.Progress;
import dev.backstop.services.Services;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup taken while another thread keeps writing is one consistent moment of the database. */
class LiveBackupTest {

    @TempDir
    Path dir;

    @Test
    void a_backup_during_constant_inserts_is_consistent() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(20_000);
        try (Connection setup = TestWorld.open(world.database); Statement statement = setup.createStatement()) {
            statement.execute("CREATE TABLE totals (id INTEGER PRIMARY KEY CHECK (id = 1), orders INTEGER NOT NULL)");
            statement.execute("INSERT INTO totals VALUES (1, (SELECT count(*) FROM orders))");
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong commits = new AtomicLong();
        Thread writer = new Thread(() -> {
            try (Connection connection = TestWorld.open(world.database); Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA busy_timeout = 10000");
                connection.setAutoCommit(false);
                while (writing.get()) {
                    TestWorld.insertOrders(connection, 50);
                    statement.executeUpdate("UPDATE totals SET orders = orders + 50");
                    connection.commit();
                    commits.incrementAndGet();
                }
            } catch (Exception failed) {
                throw new IllegalStateException(failed);
            }
        });
        writer.start();
        try (Services services = world.services()) {
            while (commits.get() < 20) {
                Thread.onSpinWait();
            }
            BackupRecord backup = services.backups().backup("app", "tester", Progress.NONE);
            long commitsDuringOrBefore = commits.get();
            writing.set(false);
            writer.join();
            Path restored = dir.resolve("restored.db");
            services.restores().restore(backup, restored.toString(), "tester", Progress.NONE);
            try (Connection connection = TestWorld.open(restored); Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT (SELECT count(*) FROM orders), orders FROM totals")) {
                assertEquals(row.getLong(2), row.getLong(1), "orders and their running total come from one moment");
                assertTrue(row.getLong(1) > 20_000, "the snapshot includes commits made before the backup");
            }
            assertEquals("ok", TestWorld.integrityCheck(restored));
            assertTrue(commits.get() >= commitsDuringOrBefore);
        }
    }
}
