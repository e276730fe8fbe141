package dev.backstop.schedule;

import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.GoodBackups;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which succeeded backups a retention policy keeps and which it prunes, with the reasons, as
 * restic names the rules: the last N; the newest of each of the last N days, ISO weeks and months
 * (UTC) that have a backup. The newest backup, the last good one ({@link GoodBackups}: not empty, not a
 * sudden drop in size) and any protected backup are always kept, so failed or suspect runs can never
 * push the last good backup out.
 */
public record RetentionPlan(Map<BackupRecord, List<String>> keep, List<BackupRecord> prune) {

    /** Plans for {@code backups} (any order, any status; only succeeded ones are considered). */
    public static RetentionPlan of(List<BackupRecord> backups, RetentionPolicy policy, Set<String> protectedIds) {
        List<BackupRecord> newestFirst = backups.stream()
                .filter(backup -> backup.status() == BackupStatus.SUCCEEDED)
                .sorted(Comparator.comparing(BackupRecord::id).reversed())
                .toList();
        Map<BackupRecord, List<String>> keep = new LinkedHashMap<>();
        for (int index = 0; index < newestFirst.size(); index++) {
            BackupRecord backup = newestFirst.get(index);
            if (index == 0) {
                reason(keep, backup, "newest");
            }
            if (index < policy.keepLast()) {
                reason(keep, backup, policy.keepsAll() ? "no retention policy" : "last " + policy.keepLast());
            }
            if (protectedIds.contains(backup.id())) {
                reason(keep, backup, "in use");
            }
        }
        bucket(newestFirst, policy.keepDaily(), "daily", at -> at.toLocalDate().toString(), keep);
        bucket(newestFirst, policy.keepWeekly(), "weekly",
                at -> at.get(IsoFields.WEEK_BASED_YEAR) + "-W" + at.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), keep);
        bucket(newestFirst, policy.keepMonthly(), "monthly", at -> at.getYear() + "-" + at.getMonthValue(), keep);
        GoodBackups.lastGood(newestFirst).filter(good -> !keep.containsKey(good))
                .ifPresent(good -> reason(keep, good, "last good"));
        List<BackupRecord> prune = new ArrayList<>();
        for (BackupRecord backup : newestFirst) {
            if (!keep.containsKey(backup)) {
                prune.add(backup);
            }
        }
        return new RetentionPlan(keep, prune);
    }

    private static void bucket(List<BackupRecord> newestFirst, int count, String rule,
                               Function<ZonedDateTime, String> period, Map<BackupRecord, List<String>> keep) {
        String last = null;
        int kept = 0;
        for (BackupRecord backup : newestFirst) {
            if (kept >= count) {
                return;
            }
            String current = period.apply(backup.createdAt().atZone(ZoneOffset.UTC));
            if (!current.equals(last)) {
                reason(keep, backup, rule + " " + current);
                last = current;
                kept++;
            }
        }
    }

    private static void reason(Map<BackupRecord, List<String>> keep, BackupRecord backup, String why) {
        keep.computeIfAbsent(backup, ignored -> new ArrayList<>()).add(why);
    }
}
