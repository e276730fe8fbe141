package dev.backstop.schedule;

import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How the newest good backup's dump size compares with the median of the (up to) five good ones before it. */
public record SizeTrend(BackupRecord newest, double median, int compared, double percentChange) {

    private static final int HISTORY = 5;
    private static final int MINIMUM = 3;

    /** The trend over {@code backups} (newest first, any status), or empty with fewer than three earlier good backups. */
    public static Optional<SizeTrend> of(List<BackupRecord> backups) {
        List<BackupRecord> succeeded = backups.stream().filter(backup -> backup.status() == BackupStatus.SUCCEEDED).toList();
        if (succeeded.size() < MINIMUM + 1) {
            return Optional.empty();
        }
        List<Long> sizes = succeeded.subList(1, Math.min(succeeded.size(), HISTORY + 1)).stream()
                .map(BackupRecord::rawSizeBytes).sorted().toList();
        double median = sizes.size() % 2 == 1 ? sizes.get(sizes.size() / 2)
                : (sizes.get(sizes.size() / 2 - 1) + sizes.get(sizes.size() / 2)) / 2.0;
        if (median <= 0) {
            return Optional.empty();
        }
        BackupRecord newest = succeeded.get(0);
        return Optional.of(new SizeTrend(newest, median, sizes.size(), (newest.rawSizeBytes() - median) * 100 / median));
    }

    /** The change for people, such as {@code +3%} or {@code -60%}. */
    public String label() {
        return String.format(Locale.ROOT, "%+.0f%%", percentChange);
    }
}
