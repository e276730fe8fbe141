package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.cli.BackstopCli;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.Progress;
import dev.backstop.engine.LockingSqlite;
import dev.backstop.services.Services;
import dev.backstop.wiring.Wiring;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The temp files killed jobs leave (snapshots and downloads in the work folder, the local store's
 * unfinished uploads, SQLite restores' incoming copies) are removed by the next backup or prune, and
 * a running job's files are not.
 */
class LeftoverFilesTest {

    @TempDir
    Path dir;

    private List<Path> plantOldLeftovers() throws Exception {
        List<Path> planted = List.of(
                dir.resolve("work/.backstop-snapshot-111.db"),
                dir.resolve("work/.backstop-snapshot-111.db-journal"),
                dir.resolve("work/.backstop-download-222.age"),
                dir.resolve("backups/app/2026/11/30/.tmp-333.part"),
                dir.resolve(".backstop-restore-444.db"));
        FileTime twoDaysAgo = FileTime.from(Instant.now().minus(Duration.ofDays(2)));
        for (Path file : planted) {
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[4096]);
            Files.setLastModifiedTime(file, twoDaysAgo);
        }
        return planted;
    }

    /** A snapshot and an upload that a backup killed a quarter of an hour ago left. */
    private List<Path> plantRecentBackupLeftovers() throws Exception {
        List<Path> planted = List.of(dir.resolve("work/.backstop-snapshot-666.db"),
                dir.resolve("backups/app/2026/12/01/.tmp-777.part"));
        FileTime quarterHourAgo = FileTime.from(Instant.now().minus(Duration.ofMinutes(15)));
        for (Path file : planted) {
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[4096]);
            Files.setLastModifiedTime(file, quarterHourAgo);
        }
        return planted;
    }

    private static List<String> removals(Services services) {
        return services.catalog().auditLog(100).stream().filter(entry -> entry.action().equals("remove leftover file"))
                .map(AuditEntry::target).sorted().toList();
    }

    private List<Path> hidden() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(file -> file.getFileName().toString().startsWith(".backstop-")
                    || file.getFileName().toString().startsWith(".tmp-")).toList();
        }
    }

    @Test
    void the_next_backup_removes_old_leftovers_and_those_of_a_backup_killed_ten_minutes_ago_but_keeps_a_fresh_one() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(100);
        List<Path> planted = new java.util.ArrayList<>(plantOldLeftovers());
        planted.addAll(plantRecentBackupLeftovers());
        Path fresh = dir.resolve("work/.backstop-snapshot-555.db");
        Files.write(fresh, new byte[16]);
        try (Services services = Wiring.services(world.config, Clock.systemUTC())) {
            Clock killedAt = Clock.fixed(Instant.now().minus(Duration.ofMinutes(20)), java.time.ZoneOffset.UTC);
            services.catalog().insert(BackupRecord.started(dev.backstop.core.BackupId.next(killedAt), "app", "sqlite",
                    new dev.backstop.core.ObjectKey("app/ghost"), new dev.backstop.core.ObjectKey("app/ghost.json"), "cron"));
            services.backups().backup("app", "cron", Progress.NONE);
            assertEquals(List.of(fresh), hidden());
            assertEquals(planted.stream().map(Path::toString).sorted().toList(), removals(services));
        }
    }

    @Test
    void prune_removes_old_leftovers_and_says_so() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(100);
        String config = world.writeConfigFile(false).toString();
        List<Path> planted = plantOldLeftovers();
        StringWriter out = new StringWriter();
        int status = BackstopCli.run(Wiring::services, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                "--config", config, "prune", "app");
        assertEquals(0, status, out.toString());
        for (Path file : planted) {
            assertTrue(out.toString().contains("removed leftover " + file), out.toString());
        }
        assertEquals(List.of(), hidden());
    }

    @Test
    void prune_during_a_running_backup_leaves_its_snapshot_and_upload_alone() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(100);
        try (Connection connection = TestWorld.open(world.database); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode = DELETE");
        }
        plantOldLeftovers();
        List<Path> recent = plantRecentBackupLeftovers();
        try (Services services = Wiring.services(world.config, Clock.systemUTC());
             LockingSqlite lock = LockingSqlite.hold(world.database)) {
            CountDownLatch waiting = new CountDownLatch(1);
            CompletableFuture<BackupRecord> backup = CompletableFuture.supplyAsync(() -> services.backups().backup("app",
                    "cron", (stage, bytes) -> {
                        if (stage.startsWith("waiting for the lock")) {
                            waiting.countDown();
                        }
                    }));
            assertTrue(waiting.await(20, TimeUnit.SECONDS));
            services.pruner().removeLeftoverFiles(world.config.database("app").orElseThrow(), "cli");
            List<Path> running = new java.util.ArrayList<>(hidden());
            assertTrue(running.containsAll(recent), "a backup runs, so a quarter-hour-old snapshot may be in use: " + running);
            running.removeAll(recent);
            List<String> names = running.stream().map(file -> file.getFileName().toString()).sorted().toList();
            assertEquals(2, names.size(), names.toString());
            assertTrue(names.get(0).startsWith(".backstop-snapshot-") && names.get(1).startsWith(".tmp-"), names.toString());
            lock.release();
            assertEquals(BackupStatus.SUCCEEDED, backup.get(20, TimeUnit.SECONDS).status());
        }
        assertEquals(List.of(), hidden());
    }
}
