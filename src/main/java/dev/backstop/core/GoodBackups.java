package dev.backstop.core;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which succeeded backups count as good: a dump that is not empty and not under {@value #SUSPECT_PERCENT}% of
 * the dump of the good backup before it. A drop that steep is more often a broken source (an emptied file, a
 * wrong path, a half-restored database) than real deletions, so such a backup stays restorable but is suspect:
 * it raises {@code backup.suspect}, and retention keeps the last good backup until a backup of comparable
 * size succeeds again.
 */
public final class GoodBackups {

    /** A dump under this share of the last good one is suspect. */
    public static final int SUSPECT_PERCENT = 10;

    private GoodBackups() {
    }

    /** The newest good backup in {@code backups} (any order, any status), judged from the oldest on. */
    public static Optional<BackupRecord> lastGood(List<BackupRecord> backups) {
        List<BackupRecord> oldestFirst = backups.stream()
                .filter(backup -> backup.status() == BackupStatus.SUCCEEDED)
                .sorted(Comparator.comparing(BackupRecord::id))
                .toList();
        BackupRecord good = null;
        for (BackupRecord backup : oldestFirst) {
            if (backup.rawSizeBytes() > 0 && (good == null || !suspect(backup, good))) {
                good = backup;
            }
        }
        return Optional.ofNullable(good);
    }

    /**
     * Why {@code backup} is suspect against the last good backup among {@code earlier} (its dump under
     * {@value #SUSPECT_PERCENT}% of that one's), or empty when it is not.
     */
    public static Optional<String> suspicion(BackupRecord backup, List<BackupRecord> earlier) {
        return lastGood(earlier.stream().filter(other -> other.id().compareTo(backup.id()) < 0).toList())
                .filter(good -> suspect(backup, good))
                .map(good -> "backup " + backup.id() + " of " + backup.database() + " is " + backup.rawSizeBytes()
                        + " bytes, under " + SUSPECT_PERCENT + "% of the last good backup " + good.id() + " ("
                        + good.rawSizeBytes() + " bytes); check the database before you restore it; retention keeps "
                        + good.id());
    }

    /** True when {@code backup}'s dump is under {@value #SUSPECT_PERCENT}% of {@code lastGood}'s. */
    public static boolean suspect(BackupRecord backup, BackupRecord lastGood) {
        return backup.rawSizeBytes() * 100 < lastGood.rawSizeBytes() * SUSPECT_PERCENT;
    }
}
