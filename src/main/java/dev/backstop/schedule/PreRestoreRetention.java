package dev.backstop.schedule;

import dev.backstop.config.Durations;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Retention with the restores' safety backups set apart: ordinary backups follow the policy
 * ({@link RetentionPlan}) and never count a {@value BackupRecord#PRE_RESTORE} backup; each of those
 * is kept while it is younger than {@code keep_pre_restore}, whatever {@code keep_last} says, and
 * pruned once older, unless it is in use or no ordinary backup is left to restore. A backup taken
 * with {@code --pin} (until {@code unpin}) or {@code --keep} (until then) is held: kept, and counted
 * by neither rule; once its hold ends it rejoins the rule it belongs to.
 */
final class PreRestoreRetention {

    private PreRestoreRetention() {
    }

    /** Plans {@code backups} (any order, any status) as of {@code now}. */
    static RetentionPlan plan(List<BackupRecord> backups, RetentionPolicy policy, Duration keepPreRestore,
                              Set<String> protectedIds, Instant now) {
        List<BackupRecord> held = backups.stream()
                .filter(backup -> backup.status() == BackupStatus.SUCCEEDED && backup.heldAt(now)).toList();
        List<BackupRecord> ordinary = backups.stream()
                .filter(backup -> !backup.preRestore() && !held.contains(backup)).toList();
        RetentionPlan plan = RetentionPlan.of(ordinary, policy, protectedIds);
        List<BackupRecord> safety = backups.stream()
                .filter(backup -> backup.preRestore() && backup.status() == BackupStatus.SUCCEEDED)
                .filter(backup -> !held.contains(backup))
                .sorted(Comparator.comparing(BackupRecord::id).reversed())
                .toList();
        if (safety.isEmpty() && held.isEmpty()) {
            return plan;
        }
        Map<BackupRecord, List<String>> keep = new LinkedHashMap<>(plan.keep());
        for (BackupRecord backup : held) {
            keep.put(backup, protectedIds.contains(backup.id()) ? List.of(backup.hold(), "in use")
                    : List.of(backup.hold()));
        }
        List<BackupRecord> prune = new ArrayList<>(plan.prune());
        boolean noOrdinary = plan.keep().isEmpty();
        for (BackupRecord backup : safety) {
            Instant until = backup.createdAt().plus(keepPreRestore);
            List<String> reasons = new ArrayList<>();
            if (now.isBefore(until)) {
                reasons.add("pre-restore until " + until + " (keep_pre_restore " + Durations.format(keepPreRestore)
                        + ")");
            }
            if (protectedIds.contains(backup.id())) {
                reasons.add("in use");
            }
            if (noOrdinary && backup == safety.get(0)) {
                reasons.add("newest");
            }
            if (reasons.isEmpty()) {
                prune.add(backup);
            } else {
                keep.put(backup, reasons);
            }
        }
        return new RetentionPlan(newestFirst(keep), prune.stream()
                .sorted(Comparator.comparing(BackupRecord::id).reversed()).toList());
    }

    private static Map<BackupRecord, List<String>> newestFirst(Map<BackupRecord, List<String>> keep) {
        Map<BackupRecord, List<String>> sorted = new LinkedHashMap<>();
        keep.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(BackupRecord::id).reversed()))
                .forEach(entry -> sorted.put(entry.getKey(), List.copyOf(entry.getValue())));
        return sorted;
    }
}
