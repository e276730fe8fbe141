package dev.backstop.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Retention on a generated history: dates in, kept ids out. */
class RetentionPlanTest {

    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'000Z-0000'")
            .withZone(ZoneOffset.UTC);

    private static BackupRecord backup(String at, BackupStatus status) {
        Instant created = Instant.parse(at);
        return new BackupRecord(ID.format(created), "app", "sqlite", created, created, status, "k", "m", 1, "s", 1,
                "r", "cron", "");
    }

    /** Two backups a day (02:00 and 14:00) from 2026-01-01 to 2026-03-31. */
    private static List<BackupRecord> history() {
        List<BackupRecord> backups = new ArrayList<>();
        for (Instant day = Instant.parse("2026-01-01T00:00:00Z"); day.isBefore(Instant.parse("2026-04-01T00:00:00Z"));
             day = day.plusSeconds(86_400)) {
            backups.add(backup(day.plusSeconds(2 * 3600).toString(), BackupStatus.SUCCEEDED));
            backups.add(backup(day.plusSeconds(14 * 3600).toString(), BackupStatus.SUCCEEDED));
        }
        return backups;
    }

    private static List<String> kept(RetentionPlan plan) {
        return plan.keep().keySet().stream().map(backup -> backup.createdAt().toString()).sorted().toList();
    }

    @Test
    void last_daily_weekly_and_monthly_rules_keep_the_newest_of_each_period() {
        RetentionPlan plan = RetentionPlan.of(history(), new RetentionPolicy(2, 3, 2, 3), Set.of());
        assertEquals(List.of(
                "2026-01-31T14:00:00Z",   // monthly January
                "2026-02-28T14:00:00Z",   // monthly February
                "2026-03-29T14:00:00Z",   // daily 29 March, weekly 2026-W13 (ends Sunday 29 March)
                "2026-03-30T14:00:00Z",   // daily 30 March
                "2026-03-31T02:00:00Z",   // last 2
                "2026-03-31T14:00:00Z"),  // newest, last 2, daily, weekly W14, monthly March
                kept(plan));
        assertEquals(history().size() - 6, plan.prune().size());
    }

    @Test
    void the_newest_backup_is_kept_even_by_a_policy_that_keeps_little() {
        RetentionPlan plan = RetentionPlan.of(history(), new RetentionPolicy(0, 0, 0, 1), Set.of());
        assertEquals(List.of("2026-03-31T14:00:00Z"), kept(plan));
        assertEquals(List.of("newest", "monthly 2026-3"),
                plan.keep().values().iterator().next());
    }

    @Test
    void protected_backups_are_never_pruned_and_failed_ones_are_not_considered() {
        List<BackupRecord> backups = new ArrayList<>(history());
        BackupRecord inUse = backups.get(10);
        backups.add(backup("2026-04-01T02:00:00Z", BackupStatus.FAILED));
        RetentionPlan plan = RetentionPlan.of(backups, new RetentionPolicy(1, 0, 0, 0), Set.of(inUse.id()));
        assertEquals(List.of(inUse.createdAt().toString(), "2026-03-31T14:00:00Z"), kept(plan));
        assertEquals(List.of("in use"), plan.keep().get(inUse));
        assertEquals(history().size() - 2, plan.prune().size());
    }

    @Test
    void keep_all_prunes_nothing() {
        assertEquals(List.of(), RetentionPlan.of(history(), RetentionPolicy.KEEP_ALL, Set.of()).prune());
    }

    private static BackupRecord sized(String at, long rawSize) {
        BackupRecord backup = backup(at, BackupStatus.SUCCEEDED);
        return new BackupRecord(backup.id(), "app", "sqlite", backup.createdAt(), backup.finishedAt(),
                BackupStatus.SUCCEEDED, "k", "m", rawSize, "s", rawSize, "r", "cron", "");
    }

    @Test
    void keep_last_2_never_prunes_the_last_good_backup_behind_empty_or_tiny_dumps() {
        List<BackupRecord> backups = List.of(
                sized("2026-03-01T02:00:00Z", 50_000),
                sized("2026-03-02T02:00:00Z", 52_000),
                backup("2026-03-03T02:00:00Z", BackupStatus.FAILED),
                sized("2026-03-04T02:00:00Z", 0),
                sized("2026-03-05T02:00:00Z", 4_000));
        RetentionPlan plan = RetentionPlan.of(backups, new RetentionPolicy(2, 0, 0, 0), Set.of());
        assertEquals(List.of("2026-03-02T02:00:00Z", "2026-03-04T02:00:00Z", "2026-03-05T02:00:00Z"), kept(plan));
        assertEquals(List.of("last good"), plan.keep().get(backups.get(1)));
        assertEquals(List.of("2026-03-01T02:00:00Z"),
                plan.prune().stream().map(backup -> backup.createdAt().toString()).toList());
    }

    @Test
    void a_backup_of_comparable_size_becomes_the_last_good_one_again() {
        List<BackupRecord> backups = List.of(
                sized("2026-03-01T02:00:00Z", 50_000),
                sized("2026-03-02T02:00:00Z", 4_000),
                sized("2026-03-03T02:00:00Z", 4_500),
                sized("2026-03-04T02:00:00Z", 4_800));
        RetentionPlan plan = RetentionPlan.of(backups, new RetentionPolicy(1, 0, 0, 0), Set.of());
        assertEquals(List.of("2026-03-01T02:00:00Z", "2026-03-04T02:00:00Z"), kept(plan));
        RetentionPlan recovered = RetentionPlan.of(List.of(backups.get(0), backups.get(1), sized("2026-03-05T02:00:00Z", 45_000)),
                new RetentionPolicy(1, 0, 0, 0), Set.of());
        assertEquals(List.of("2026-03-05T02:00:00Z"), kept(recovered));
    }
}
