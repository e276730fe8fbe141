package dev.backstop.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.catalog.Catalog;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.SchedulerSettings;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.Notifier;
import dev.backstop.core.Progress;
import dev.backstop.pipeline.ManualTicker;
import dev.backstop.schedule.MutableClock;
import dev.backstop.services.Services;
import dev.backstop.wiring.Wiring;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A production restore whose bot stopped after the second approval is ended as failed, announced
 * once and never run again; a live one keeps its heartbeat and ends as it really ends.
 */
class AbandonedRestoreTest {

    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

    /** Stands for the JVM stopping at this point: nothing after it runs, and no catch records an ending. */
    private static final class Killed extends Error {
    }

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(START);
    private final ManualTicker ticker = new ManualTicker();
    private final List<String> posted = new ArrayList<>();
    private Notifier notifier = (channel, text) -> posted.add(channel + " " + text);
    private TestWorld world;
    private BackstopConfig config;
    private Path target;

    @BeforeEach
    void createWorld() throws Exception {
        world = new TestWorld(dir, true);
        world.createDatabase(300);
        config = world.config;
        target = dir.resolve("copy.db");
    }

    /**
     * One run of the bot: its services, with approvals and the sweep wired to this test's clock, ticker
     * and notifier. Closing it stops the bot; a new one opens the same catalog, as a restarted bot would.
     */
    private final class Bot implements AutoCloseable {
        final Services services = Wiring.services(config, clock);
        final ApprovalService approvals = new ApprovalService(config, services.catalog(), services.backups(),
                services.restores(), ticker, clock);
        final ApprovalSweep sweep = new ApprovalSweep(approvals, services.catalog(),
                (channel, text) -> notifier.post(channel, text), "#ops", (request, messageRef) -> { }, clock);

        /** Backs up app and requests its restore, approved once, waiting for its second approval. */
        String approvedOnce() {
            services.backups().backup("app", "cron", Progress.NONE);
            String id = approvals.request("app", "latest", target.toString(), "U9").id();
            approvals.vote(id, "U1", true, Progress.NONE);
            return id;
        }

        @Override
        public void close() {
            services.close();
        }
    }

    /** Approves {@code id} a second time and "kills" the bot as soon as the restore reports progress. */
    private static void approveAndDie(ApprovalService approvals, String id) {
        assertThrows(Killed.class, () -> approvals.vote(id, "U2", true, (stage, bytes) -> {
            throw new Killed();
        }));
    }

    private static long restoresRun(Services services) {
        return services.catalog().auditLog(500).stream()
                .filter(entry -> entry.action().equals("restore") && entry.outcome().equals("succeeded")).count();
    }

    private static List<AuditEntry> endings(Services services) {
        return services.catalog().auditLog(500).stream()
                .filter(entry -> entry.action().equals("restore.request") && !entry.outcome().equals("requested"))
                .toList();
    }

    @Test
    void a_restore_cut_off_by_a_dead_bot_ends_as_failed_is_announced_once_and_never_runs_again() {
        String id;
        try (Bot bot = new Bot()) {
            id = bot.approvedOnce();
            approveAndDie(bot.approvals, id);
            assertEquals(ApprovalState.APPROVED, bot.approvals.find(id).orElseThrow().state());
        }
        clock.advance(Catalog.ABANDONED_AFTER);
        try (Bot restarted = new Bot()) {
            assertEquals(List.of(), restarted.sweep.run(),
                    "at the limit the restore may still be alive in another process");
            assertEquals(Set.of(restarted.services.catalog().findApproval(id).orElseThrow().backupId()),
                    restarted.services.catalog().backupsAwaitingRestore("app", clock.instant()));

            clock.advance(Duration.ofSeconds(1));
            restarted.sweep.run();

            assertEquals(List.of("#ops :warning: Restore of *app* for request `" + id + "` did not finish: the bot"
                    + " stopped while it ran (no heartbeat since 2026-11-23T10:00:00Z). Backstop will not run it again;"
                    + " check what `" + target + "` holds now and request the restore again if it is still needed"
                    + " (requested by <@U9>, approved by <@U1> and <@U2>)."), posted);
            ApprovalRequest ended = restarted.approvals.find(id).orElseThrow();
            String reason = "interrupted: no heartbeat since 2026-11-23T10:00:00Z; the bot stopped while the restore ran";
            assertEquals(ApprovalState.FAILED, ended.state());
            assertEquals(reason, ended.error());
            AuditEntry entry = endings(restarted.services).get(0);
            assertEquals(List.of("backstop", "failed", id + ": " + reason),
                    List.of(entry.actor(), entry.outcome(), entry.detail()));

            assertEquals(List.of(), restarted.sweep.run());
            assertEquals(1, posted.size(), "announced once");
            assertEquals(VoteOutcome.CLOSED, restarted.approvals.vote(id, "U3", true, Progress.NONE).outcome());
            assertFalse(Files.exists(target), "the restore never ran again");
            assertEquals(0, restoresRun(restarted.services));
            assertEquals(Set.of(), restarted.services.catalog().backupsAwaitingRestore("app", clock.instant()),
                    "its backup is no longer kept for it");
        }
    }

    /** A restore quiet for 45 minutes, as pg_restore building indexes can be, under a stall timeout of an hour. */
    @Test
    void a_long_quiet_restore_within_its_stall_timeout_keeps_its_heartbeat_and_is_left_alone() throws Exception {
        BackstopConfig base = world.config;
        config = new BackstopConfig(base.file(), base.catalog(), base.storage(), base.encryption(), base.slack(),
                base.httpPort(), base.databases(), base.alerts(), new SchedulerSettings(2, Duration.ofHours(1)));
        try (Bot bot = new Bot()) {
            String id = bot.approvedOnce();
            boolean[] slow = {true};
            List<Duration> beating = new ArrayList<>();
            ApprovalService.VoteResult result = bot.approvals.vote(id, "U2", true, (stage, bytes) -> {
                if (slow[0]) {
                    beating.addAll(ticker.openIntervals());
                }
                for (int minute = 0; slow[0] && minute < 45; minute++) {
                    clock.advance(Catalog.HEARTBEAT_INTERVAL);
                    ticker.tick();
                    bot.sweep.run();
                }
                slow[0] = false;
            });

            assertEquals(ApprovalState.EXECUTED, result.request().state());
            assertEquals(START.plus(Duration.ofMinutes(45)), result.request().heartbeatAt());
            assertEquals(List.of(), posted);
            assertEquals(List.of(Catalog.HEARTBEAT_INTERVAL), beating);
            assertEquals(List.of(), ticker.openIntervals(), "the heartbeat stops with the restore");
            assertEquals(TestWorld.rowCounts(world.database), TestWorld.rowCounts(target));
            assertEquals(List.of("executed"), endings(bot.services).stream().map(AuditEntry::outcome).toList());
        }
    }

    @Test
    void a_restore_taken_for_abandoned_while_it_still_ran_ends_as_it_really_ended() throws Exception {
        try (Bot bot = new Bot()) {
            String id = bot.approvedOnce();
            boolean[] paused = {true};
            ApprovalService.VoteResult result = bot.approvals.vote(id, "U2", true, (stage, bytes) -> {
                if (paused[0]) {
                    paused[0] = false;
                    clock.advance(Catalog.ABANDONED_AFTER.plusMinutes(1));
                    bot.sweep.run();
                }
            });

            assertEquals(1, posted.size(), "while it was silent, people were told");
            assertEquals(ApprovalState.EXECUTED, result.request().state());
            assertEquals(ApprovalState.EXECUTED, bot.approvals.find(id).orElseThrow().state());
            List<AuditEntry> endings = endings(bot.services);
            assertEquals(List.of("failed", "executed"), endings.stream().map(AuditEntry::outcome).toList());
            assertEquals(id + ": ended after it was taken for abandoned: restore done", endings.get(1).detail());
            assertEquals(TestWorld.rowCounts(world.database), TestWorld.rowCounts(target));
            assertEquals(List.of(), bot.sweep.run());
        }
    }

    @Test
    void a_restore_that_fails_ends_the_request_as_failed_with_its_reason_and_nothing_more_is_posted() throws Exception {
        try (Bot bot = new Bot()) {
            String id = bot.approvedOnce();
            BackupRecord backup = bot.services.catalog().list("app", 1).get(0);
            try (RandomAccessFile object = new RandomAccessFile(dir.resolve("backups").resolve(backup.objectKey())
                    .toFile(), "rw")) {
                object.seek(100);
                int original = object.read();
                object.seek(100);
                object.write(original ^ 1);
            }

            assertThrows(BackstopException.class, () -> bot.approvals.vote(id, "U2", true, Progress.NONE));

            ApprovalRequest failed = bot.approvals.find(id).orElseThrow();
            assertEquals(ApprovalState.FAILED, failed.state());
            assertTrue(failed.error().contains("is damaged"), failed.error());
            assertFalse(failed.interrupted());
            clock.advance(Duration.ofHours(1));
            assertEquals(List.of(), bot.sweep.run(), "the request's thread already said why");
            assertEquals(Set.of(), bot.services.catalog().backupsAwaitingRestore("app", clock.instant()));
        }
    }

    @Test
    void waiting_requests_past_their_expiry_are_expired_by_the_sweep_and_keep_no_backup() {
        try (Bot bot = new Bot()) {
            String id = bot.approvedOnce();
            String backupId = bot.approvals.find(id).orElseThrow().backupId();
            clock.advance(world.config.slack().approvalTtl().minusSeconds(1));
            bot.sweep.run();
            assertEquals("requested", bot.services.catalog().findApproval(id).orElseThrow().state());
            assertEquals(Set.of(backupId), bot.services.catalog().backupsAwaitingRestore("app", clock.instant()));

            clock.advance(Duration.ofSeconds(1));
            assertEquals(Set.of(), bot.services.catalog().backupsAwaitingRestore("app", clock.instant()),
                    "past its expiry it keeps nothing, even before the sweep");
            bot.sweep.run();

            assertEquals("expired", bot.services.catalog().findApproval(id).orElseThrow().state());
            AuditEntry entry = endings(bot.services).get(0);
            assertEquals(List.of("backstop", "expired"), List.of(entry.actor(), entry.outcome()));
            assertEquals(List.of(), posted, "the card already shows when it expires");
            assertEquals(VoteOutcome.EXPIRED, bot.approvals.vote(id, "U2", true, Progress.NONE).outcome());
            bot.sweep.run();
            assertEquals(1, endings(bot.services).size(), "expired once");
        }
    }

    @Test
    void a_notice_that_cannot_be_posted_is_audited_and_posted_at_the_next_sweep() {
        try (Bot bot = new Bot()) {
            String id = bot.approvedOnce();
            approveAndDie(bot.approvals, id);
            clock.advance(Duration.ofHours(1));
            notifier = (channel, text) -> {
                throw new IOException("Slack refused a message to " + channel + ": not_in_channel");
            };

            assertEquals(List.of(), bot.sweep.run());

            AuditEntry failed = bot.services.catalog().auditLog(1).get(0);
            assertEquals(List.of("backstop", "restore.notice", "failed", id + ": could not tell #ops: Slack refused a"
                    + " message to #ops: not_in_channel"), List.of(failed.actor(), failed.action(), failed.outcome(),
                    failed.detail()));
            assertEquals(ApprovalState.FAILED, bot.approvals.find(id).orElseThrow().state());

            notifier = (channel, text) -> posted.add(channel + " " + text);
            assertEquals(1, bot.sweep.run().size());
            assertEquals(List.of(), bot.sweep.run());
            assertEquals(1, posted.size());
        }
    }
}
