package dev.backstop.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backstop.TestWorld;
import dev.backstop.core.Progress;
import dev.backstop.services.Services;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas (two services, each with its own catalog instance on the same file) get the second approval of
 * the same request at the same moment, from two approvers, released together by a barrier on real threads.
 */
class ReplicaVoteRaceTest {

    private static final int ROUNDS = 50;

    @TempDir
    Path dir;

    @Test
    void two_second_approvals_racing_on_two_replicas_approve_once_and_restore_once() throws Exception {
        TestWorld world = new TestWorld(dir, true);
        world.createDatabase(20);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Services one = world.services(); Services other = world.services()) {
            one.backups().backup("app", "cron", Progress.NONE);
            for (int round = 0; round < ROUNDS; round++) {
                Path target = dir.resolve("copy-" + round + ".db");
                ApprovalRequest request = one.approvals().request("app", "latest", target.toString(), "U9");
                one.approvals().vote(request.id(), "U1", true, Progress.NONE);
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<ApprovalService.VoteResult>> votes = new ArrayList<>();
                votes.add(pool.submit(() -> {
                    start.await();
                    return one.approvals().vote(request.id(), "U2", true, Progress.NONE);
                }));
                votes.add(pool.submit(() -> {
                    start.await();
                    return other.approvals().vote(request.id(), "U3", true, Progress.NONE);
                }));
                List<VoteOutcome> outcomes = new ArrayList<>();
                int restores = 0;
                for (Future<ApprovalService.VoteResult> vote : votes) {
                    outcomes.add(vote.get().outcome());
                    restores += vote.get().restored().isPresent() ? 1 : 0;
                }
                assertEquals(1, outcomes.stream().filter(VoteOutcome.APPROVED::equals).count(), "round " + round
                        + ": " + outcomes);
                assertEquals(1, outcomes.stream().filter(VoteOutcome.CLOSED::equals).count(),
                        "the loser re-read the request and found it decided; round " + round + ": " + outcomes);
                assertEquals(1, restores, "round " + round);
                ApprovalRequest stored = other.approvals().find(request.id()).orElseThrow();
                assertEquals(ApprovalState.EXECUTED, stored.state());
                assertEquals(2, stored.approvedBy().size(), stored.approvedBy().toString());
            }
            assertEquals(ROUNDS, other.catalog().auditLog(100_000).stream()
                    .filter(entry -> entry.action().equals("restore") && entry.outcome().equals("succeeded")).count());
            assertEquals(ROUNDS, other.catalog().auditLog(100_000).stream()
                    .filter(entry -> entry.action().equals("restore.vote") && entry.outcome().equals("approved"))
                    .count());
        } finally {
            pool.shutdownNow();
        }
    }
}
