package dev.backstop.text;

import dev.backstop.catalog.Catalog;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import java.util.List;

/** Which backups a listing shows (pruned ones only when asked for) and the note each row carries. */
public final class BackupListing {

    private BackupListing() {
    }

    /** The newest {@code limit} backups of {@code database}, newest first; pruned ones are left out unless {@code all}. */
    public static List<BackupRecord> of(Catalog catalog, String database, int limit, boolean all) {
        if (all) {
            return catalog.list(database, limit);
        }
        return catalog.list(database, Integer.MAX_VALUE).stream()
                .filter(backup -> backup.status() != BackupStatus.PRUNED).limit(limit).toList();
    }

    /** Why a backup is not usable, for its row: the failure reason, when it was pruned, or {@code -}. */
    public static String note(BackupRecord backup) {
        return backup.status() == BackupStatus.SUCCEEDED || backup.error().isBlank() ? "-"
                : backup.error().replaceAll("\\s+", " ").trim();
    }
}
