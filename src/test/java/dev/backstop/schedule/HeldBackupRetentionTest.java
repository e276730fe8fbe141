package dev.backstop.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A backup kept with --keep is held until its time runs out; a pinned one until unpinned; neither uses keep_last. */
class HeldBackupRetentionTest {

    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'000Z-0000'")
            .withZone(ZoneOffset.UTC);
    private static final RetentionPolicy LAST_TWO = new RetentionPolicy(2, 0, 0, 0);

    private static BackupRecord backup(String at, boolean pinned, Instant keepUntil) {
        Instant created = Instant.parse(at);
        return new BackupRecord(ID.format(created), "app", "sqlite", created, created, BackupStatus.SUCCEEDED, "k",
                "m", 1, "s", 1, "r", "cron", "", pinned || keepUntil != null ? "pre-deploy" : "", pinned, keepUntil);
    }

    private static final BackupRecord KEPT = backup("2026-11-01T02:00:00Z", false,
            Instant.parse("2026-12-01T02:00:00Z"));
    private static final BackupRecord PINNED = backup("2026-11-02T02:00:00Z", true, null);
    private static final List<BackupRecord> HISTORY = List.of(KEPT, PINNED,
            backup("2026-11-03T02:00:00Z", false, null), backup("2026-11-04T02:00:00Z", false, null),
            backup("2026-11-05T02:00:00Z", false, null));

    private static RetentionPlan planAt(String now) {
        return PreRestoreRetention.plan(HISTORY, LAST_TWO, Duration.ofDays(7), Set.of(), Instant.parse(now));
    }

    private static List<String> days(List<BackupRecord> backups) {
        return backups.stream().map(backup -> backup.createdAt().toString().substring(0, 10)).sorted().toList();
    }

    @Test
    void held_backups_are_kept_with_their_reason_and_leave_keep_last_to_the_others() {
        RetentionPlan plan = planAt("2026-11-20T00:00:00Z");
        assertEquals(List.of("2026-11-01", "2026-11-02", "2026-11-04", "2026-11-05"),
                days(List.copyOf(plan.keep().keySet())));
        assertEquals(List.of("2026-11-03"), days(plan.prune()));
        assertEquals(List.of("kept until 2026-12-01T02:00:00Z"), plan.keep().get(KEPT));
        assertEquals(List.of("pinned"), plan.keep().get(PINNED));
    }

    @Test
    void a_kept_backup_rejoins_the_policy_once_its_time_is_up() {
        RetentionPlan plan = planAt("2026-12-01T02:00:00Z");
        assertEquals(List.of("2026-11-01", "2026-11-03"), days(plan.prune()));
        assertEquals(List.of("pinned"), plan.keep().get(PINNED));
    }

    @Test
    void an_unpinned_backup_is_pruned_like_any_other() {
        List<BackupRecord> unpinned = HISTORY.stream()
                .map(backup -> backup == PINNED ? backup.released() : backup).toList();
        RetentionPlan plan = PreRestoreRetention.plan(unpinned, LAST_TWO, Duration.ofDays(7), Set.of(),
                Instant.parse("2026-11-20T00:00:00Z"));
        assertEquals(List.of("2026-11-02", "2026-11-03"), days(plan.prune()));
    }
}
