package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.Alert;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.Progress;
import dev.backstop.engine.LockingSqlite;
import dev.backstop.engine.SqliteSettings;
import dev.backstop.schedule.AlertMonitor;
import dev.backstop.services.Services;
import dev.backstop.wiring.Wiring;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A SQLite source that is locked, damaged, not a database or empty never gives a succeeded backup. */
class SqliteSourceChecksTest {

    @TempDir
    Path dir;

    private TestWorld world;
    private Services services;

    @BeforeEach
    void setUp() throws Exception {
        world = new TestWorld(dir);
        world.createDatabase(500);
        try (Connection connection = TestWorld.open(world.database); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode = DELETE");
        }
    }

    @AfterEach
    void tearDown() {
        if (services != null) {
            services.close();
        }
    }

    private Services services(Duration busyTimeout, RetentionPolicy retention) {
        DatabaseConfig app = new DatabaseConfig("app", new SqliteSettings(world.database, busyTimeout), false, "",
                Duration.ofHours(25), retention, DatabaseConfig.KEEP_PRE_RESTORE, Optional.empty(), "");
        BackstopConfig config = new BackstopConfig(world.config.file(), world.config.catalog(), world.config.storage(),
                world.config.encryption(), world.config.slack(), 3000, Map.of("app", app));
        services = Wiring.services(config, Clock.systemUTC());
        return services;
    }

    private BackstopException failedBackup() {
        return assertThrows(BackstopException.class, () -> services.backups().backup("app", "test", Progress.NONE));
    }

    private void assertOnlyFailedAfter(int succeeded) {
        List<BackupRecord> backups = services.catalog().list("app", 100);
        assertEquals(succeeded, backups.stream().filter(backup -> backup.status() == BackupStatus.SUCCEEDED).count());
        assertEquals(BackupStatus.FAILED, backups.get(0).status());
    }

    @Test
    void a_source_locked_past_busy_timeout_fails_and_keep_last_2_keeps_both_good_backups() throws Exception {
        services(Duration.ofSeconds(1), new RetentionPolicy(2, 0, 0, 0));
        BackupRecord first = services.backups().backup("app", "test", Progress.NONE);
        BackupRecord second = services.backups().backup("app", "test", Progress.NONE);
        try (LockingSqlite lock = LockingSqlite.hold(world.database)) {
            for (int run = 0; run < 2; run++) {
                String message = failedBackup().getMessage();
                assertTrue(message.contains("app.db is locked by another connection (BEGIN EXCLUSIVE, VACUUM or a long"
                        + " write) for over 1s"), message);
                assertFalse(message.contains("\n"), message);
            }
        }
        assertOnlyFailedAfter(2);
        List<String> kept = services.catalog().list("app", 100).stream()
                .filter(backup -> backup.status() == BackupStatus.SUCCEEDED).map(BackupRecord::id).toList();
        assertEquals(List.of(second.id(), first.id()), kept);
        assertEquals(second.id(), services.restores().resolve("app", "latest").id());
        Path restored = dir.resolve("restored.db");
        services.restores().restore(services.restores().resolve("app", "latest"), restored.toString(), "test", Progress.NONE);
        assertEquals(TestWorld.rowCounts(world.database), TestWorld.rowCounts(restored));
    }

    @Test
    void a_backup_waits_for_a_shorter_lock_and_says_so_while_it_waits() throws Exception {
        services(Duration.ofSeconds(30), RetentionPolicy.KEEP_ALL);
        List<String> stages = new CopyOnWriteArrayList<>();
        CountDownLatch waiting = new CountDownLatch(1);
        Progress progress = (stage, bytes) -> {
            stages.add(stage + " " + bytes);
            if (stage.startsWith("waiting for the lock on app.db")) {
                waiting.countDown();
            }
        };
        try (LockingSqlite lock = LockingSqlite.hold(world.database)) {
            CompletableFuture<BackupRecord> backup = CompletableFuture.supplyAsync(
                    () -> services.backups().backup("app", "test", progress));
            assertTrue(waiting.await(20, TimeUnit.SECONDS), stages.toString());
            lock.release();
            BackupRecord done = backup.get(20, TimeUnit.SECONDS);
            assertEquals(BackupStatus.SUCCEEDED, done.status());
            assertTrue(done.rawSizeBytes() > 0);
        }
        assertTrue(stages.stream().anyMatch(stage -> stage.matches("waiting for the lock on app\\.db \\(\\d+s of 30s\\) -1")),
                stages.toString());
    }

    @Test
    void a_damaged_header_fails_with_one_line() throws Exception {
        services(Duration.ofSeconds(1), RetentionPolicy.KEEP_ALL);
        try (RandomAccessFile file = new RandomAccessFile(world.database.toFile(), "rw")) {
            file.write("not the sqlite h".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        String message = failedBackup().getMessage();
        assertTrue(message.contains("app.db is not a SQLite database or its header is damaged"), message);
        assertFalse(message.contains("\n"), message);
        assertOnlyFailedAfter(0);
        List<Alert> sent = new AlertMonitor(services.config(), services.catalog(), services.store(),
                services.layout()::probeKey, List.of(alert -> { }), Clock.systemUTC()).check();
        Alert failed = sent.stream().filter(alert -> alert.event().equals("backup.failed")).findFirst().orElseThrow();
        assertTrue(failed.message().contains("header is damaged"), failed.message());
    }

    @Test
    void a_file_that_is_not_a_database_fails_with_one_line() throws Exception {
        services(Duration.ofSeconds(1), RetentionPolicy.KEEP_ALL);
        byte[] noise = new byte[64 * 1024];
        new java.util.Random(7).nextBytes(noise);
        Files.write(world.database, noise);
        String message = failedBackup().getMessage();
        assertTrue(message.contains("app.db is not a SQLite database or its header is damaged"), message);
        assertOnlyFailedAfter(0);
    }

    @Test
    void a_database_without_tables_fails() throws Exception {
        services(Duration.ofSeconds(1), RetentionPolicy.KEEP_ALL);
        Files.delete(world.database);
        try (Connection connection = TestWorld.open(world.database); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version = 3");
        }
        assertTrue(failedBackup().getMessage().contains("app.db has no tables, so there is nothing to back up"));
        Files.write(world.database, new byte[0]);
        String empty = failedBackup().getMessage();
        assertTrue(empty.contains("app.db has no tables"), empty);
        assertOnlyFailedAfter(0);
        assertEquals(List.of(), listStored());
    }

    @Test
    void a_source_whose_copy_fails_quick_check_is_failed() throws Exception {
        services(Duration.ofSeconds(1), RetentionPolicy.KEEP_ALL);
        long pageSize;
        long pages;
        try (Connection connection = TestWorld.open(world.database); Statement statement = connection.createStatement()) {
            pageSize = statement.executeQuery("PRAGMA page_size").getLong(1);
            pages = statement.executeQuery("PRAGMA page_count").getLong(1);
        }
        try (RandomAccessFile file = new RandomAccessFile(world.database.toFile(), "rw")) {
            file.seek((pages - 2) * pageSize);
            byte[] garbage = new byte[(int) pageSize];
            java.util.Arrays.fill(garbage, (byte) 0x5a);
            file.write(garbage);
        }
        String message = failedBackup().getMessage();
        assertTrue(message.contains("fails PRAGMA quick_check"), message);
        assertOnlyFailedAfter(0);
    }

    @Test
    void a_dump_that_shrinks_under_a_tenth_succeeds_as_suspect_and_keep_last_1_keeps_the_last_good_backup()
            throws Exception {
        services(Duration.ofSeconds(1), new RetentionPolicy(1, 0, 0, 0));
        try (Connection connection = TestWorld.open(world.database); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            TestWorld.insertOrders(connection, 6000);
            connection.commit();
        }
        BackupRecord good = services.backups().backup("app", "test", Progress.NONE);
        assertEquals(Optional.empty(), services.backups().suspicion(good));
        try (Connection connection = TestWorld.open(world.database); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM orders");
            statement.execute("VACUUM");
        }
        BackupRecord shrunk = services.backups().backup("app", "test", Progress.NONE);
        assertEquals(BackupStatus.SUCCEEDED, shrunk.status());
        String why = services.backups().suspicion(shrunk).orElseThrow();
        assertTrue(why.contains("under 10% of the last good backup " + good.id()), why);
        assertTrue(services.catalog().auditLog(20).stream().anyMatch(entry -> entry.backupId().equals(shrunk.id())
                && entry.detail().contains("suspect: ")));
        List<String> kept = services.catalog().list("app", 10).stream()
                .filter(backup -> backup.status() == BackupStatus.SUCCEEDED).map(BackupRecord::id).toList();
        assertEquals(List.of(shrunk.id(), good.id()), kept);
        assertEquals(List.of("last good"), services.pruner().plan(services.config().database("app").orElseThrow())
                .keep().entrySet().stream().filter(entry -> entry.getKey().id().equals(good.id()))
                .findFirst().orElseThrow().getValue());
    }

    private List<Path> listStored() throws Exception {
        Path backups = dir.resolve("backups");
        if (!Files.exists(backups)) {
            return List.of();
        }
        try (var files = Files.walk(backups)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
