package dev.backstop.approval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.Progress;
import dev.backstop.services.Services;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Production restores through requests and votes, against a real SQLite database and catalog. */
class ApprovalServiceTest {

    @TempDir
    Path dir;

    private TestWorld world() throws Exception {
        TestWorld world = new TestWorld(dir, true);
        world.createDatabase(300);
        return world;
    }

    @Test
    void concurrent_second_votes_run_the_restore_exactly_once() throws Exception {
        TestWorld world = world();
        try (Services services = world.services()) {
            services.backups().backup("app", "cron", Progress.NONE);
            Path target = dir.resolve("copy.db");
            ApprovalRequest request = services.approvals().request("app", "latest", target.toString(), "U9");
            services.approvals().vote(request.id(), "U1", true, Progress.NONE);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ApprovalService.VoteResult>> votes = new ArrayList<>();
            for (String voter : List.of("U2", "U3", "U2", "U3")) {
                votes.add(pool.submit(() -> {
                    go.await();
                    return services.approvals().vote(request.id(), voter, true, Progress.NONE);
                }));
            }
            go.countDown();
            int restores = 0;
            for (Future<ApprovalService.VoteResult> vote : votes) {
                restores += vote.get().restored().isPresent() ? 1 : 0;
            }
            pool.shutdown();
            assertEquals(1, restores);
            assertEquals(ApprovalState.EXECUTED, services.approvals().find(request.id()).orElseThrow().state());
            assertEquals(1, services.catalog().auditLog(100).stream()
                    .filter(entry -> entry.action().equals("restore") && entry.outcome().equals("succeeded")).count());
            assertEquals(TestWorld.rowCounts(world.database), TestWorld.rowCounts(target));
        }
    }

    @Test
    void a_request_and_its_votes_survive_a_restart() throws Exception {
        TestWorld world = world();
        String id;
        try (Services services = world.services()) {
            services.backups().backup("app", "cron", Progress.NONE);
            id = services.approvals().request("app", "latest", dir.resolve("copy.db").toString(), "U9").id();
            services.approvals().attachMessage(id, "C1/1700000000.000100");
            assertEquals(VoteOutcome.COUNTED, services.approvals().vote(id, "U1", true, Progress.NONE).outcome());
        }
        try (Services restarted = world.services()) {
            assertEquals(List.of("U1"), restarted.approvals().find("C1/1700000000.000100").orElseThrow().approvedBy());
            assertEquals(VoteOutcome.DUPLICATE, restarted.approvals().vote(id, "U1", true, Progress.NONE).outcome());
            ApprovalService.VoteResult second = restarted.approvals().vote("C1/1700000000.000100", "U2", true, Progress.NONE);
            assertEquals(VoteOutcome.APPROVED, second.outcome());
            assertTrue(second.restored().isPresent());
        }
    }

    @Test
    void a_restore_over_the_live_database_takes_a_safety_backup_first() throws Exception {
        TestWorld world = world();
        try (Services services = world.services()) {
            services.backups().backup("app", "cron", Progress.NONE);
            ApprovalRequest request = services.approvals().request("app", "latest", null, "U9");
            services.approvals().vote(request.id(), "U1", true, Progress.NONE);
            services.approvals().vote(request.id(), "U2", true, Progress.NONE);
            List<BackupRecord> backups = services.catalog().list("app", 10);
            assertEquals(2, backups.size());
            assertTrue(backups.get(0).actor().startsWith("backstop:pre-restore"), backups.get(0).actor());
        }
    }

    @Test
    void a_backup_whose_object_changed_after_the_request_is_refused() throws Exception {
        TestWorld world = world();
        try (Services services = world.services()) {
            BackupRecord backup = services.backups().backup("app", "cron", Progress.NONE);
            Path target = dir.resolve("copy.db");
            Files.writeString(target, "previous contents");
            ApprovalRequest request = services.approvals().request("app", backup.id(), target.toString(), "U9");
            try (RandomAccessFile object = new RandomAccessFile(dir.resolve("backups").resolve(backup.objectKey()).toFile(), "rw")) {
                object.seek(100);
                int value = object.read();
                object.seek(100);
                object.write(value ^ 1);
            }
            services.approvals().vote(request.id(), "U1", true, Progress.NONE);
            BackstopException refused = assertThrows(BackstopException.class,
                    () -> services.approvals().vote(request.id(), "U2", true, Progress.NONE));
            assertTrue(refused.getMessage().contains("damaged"), refused.getMessage());
            assertArrayEquals("previous contents".getBytes(), Files.readAllBytes(target));
        }
    }

    @Test
    void retention_never_prunes_a_backup_an_open_request_is_bound_to() throws Exception {
        TestWorld world = world();
        try (Services services = world.services()) {
            BackupRecord old = services.backups().backup("app", "cron", Progress.NONE);
            services.approvals().request("app", old.id(), dir.resolve("copy.db").toString(), "U9");
            services.backups().backup("app", "cron", Progress.NONE);
            var plan = services.pruner().plan(new dev.backstop.config.DatabaseConfig("app",
                    new dev.backstop.engine.SqliteSettings(world.database), true, "", java.time.Duration.ofHours(25), new dev.backstop.config.RetentionPolicy(1, 0, 0, 0),
                    dev.backstop.config.DatabaseConfig.KEEP_PRE_RESTORE, java.util.Optional.empty(), ""));
            assertEquals(List.of("in use"), plan.keep().get(services.catalog().find("app", old.id()).orElseThrow()));
            assertEquals(List.of(), plan.prune());
        }
    }
}
