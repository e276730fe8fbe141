package dev.backstop.approval;

import dev.backstop.catalog.Catalog;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.Progress;
import dev.backstop.pipeline.BackupService;
import dev.backstop.pipeline.RestoreService;
import java.time.Clock;
import java.util.Optional;

/**
 * Runs an approved production restore, the same way from chat and from the CLI: when the target is
 * the live database of a production database ({@link RestoreService#overwrittenProduction}), a
 * {@value BackupRecord#PRE_RESTORE} safety backup of it is taken first, and the restore runs only
 * when that backup succeeded. The two-person rule is checked by the caller before.
 */
public final class ProductionRestore {

    /** What the restore did, and the safety backup taken before it, if the target needed one. */
    public record Done(RestoreService.Restored restored, Optional<BackupRecord> safetyBackup) {
    }

    private final BackupService backups;
    private final RestoreService restores;
    private final Catalog catalog;
    private final Clock clock;

    public ProductionRestore(BackupService backups, RestoreService restores, Catalog catalog, Clock clock) {
        this.backups = backups;
        this.restores = restores;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Takes the safety backup the target needs, audited with {@code actor}, then restores {@code backup}. */
    public Done restore(BackupRecord backup, String target, String actor, Progress progress) {
        Optional<BackupRecord> safety = restores.overwrittenProduction(backup.database(), target)
                .map(live -> safetyBackup(live, backup, actor, progress));
        return new Done(restores.restore(backup, target, actor, progress), safety);
    }

    private BackupRecord safetyBackup(DatabaseConfig live, BackupRecord restoring, String actor, Progress progress) {
        BackupRecord safety;
        try {
            safety = backups.backup(live.name(), "backstop:pre-restore for " + actor, BackupRecord.PRE_RESTORE,
                    progress);
        } catch (BackstopException failed) {
            audit(actor, live, "", "failed", "no pre-restore backup, so backup " + restoring.id()
                    + " was not restored: " + failed.getMessage());
            throw new BackstopException("the pre-restore backup of " + live.name() + " failed, so nothing was"
                    + " restored (" + failed.getMessage() + "); fix the live database or move it aside, then"
                    + " restore again", failed);
        }
        audit(actor, live, safety.id(), "succeeded", "pre-restore backup " + safety.id()
                + " taken before restoring backup " + restoring.id() + "; undo with `backstop restore "
                + live.name() + " " + safety.id() + "`");
        return safety;
    }

    private void audit(String actor, DatabaseConfig live, String backupId, String outcome, String detail) {
        catalog.audit(new AuditEntry(clock.instant(), actor, "restore.safety-backup", live.name(), backupId,
                live.name(), outcome, detail));
    }
}
