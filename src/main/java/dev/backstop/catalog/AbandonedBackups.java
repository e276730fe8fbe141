package dev.backstop.catalog;

import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackupRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The running backups whose heartbeat is older than {@link Catalog#ABANDONED_AFTER}: their process
 * died, so they are failed, each once and with an audit entry by {@value Catalog#SWEEPER}.
 */
final class AbandonedBackups {

    private static final String ABANDONED = "status = 'running' AND COALESCE(heartbeat_at, created_at) < :cutoff";

    private final CatalogConnection connection;
    private final AuditLog auditLog;

    AbandonedBackups(CatalogConnection connection, AuditLog auditLog) {
        this.connection = connection;
        this.auditLog = auditLog;
    }

    /** Fails every backup abandoned at {@code now}, each in its own transaction; returns them as now stored. */
    List<BackupRecord> fail(Instant now) {
        return fail(now, Catalog.ABANDONED_AFTER);
    }

    /** Fails every backup whose heartbeat is older than {@code silence} at {@code now}; returns them as now stored. */
    List<BackupRecord> fail(Instant now, java.time.Duration silence) {
        long cutoff = now.minus(silence).toEpochMilli();
        List<BackupRecord> candidates = connection.withHandle("find abandoned backups", handle -> handle.createQuery(
                        "SELECT " + BackupRows.COLUMNS + ", COALESCE(heartbeat_at, created_at) AS last_heartbeat"
                                + " FROM backups WHERE " + ABANDONED + " ORDER BY id")
                .bind("cutoff", cutoff)
                .map((row, context) -> {
                    Instant lastHeartbeat = Instant.ofEpochMilli(row.getLong("last_heartbeat"));
                    return BackupRows.read(row).failed(lastHeartbeat, "interrupted: no heartbeat since "
                            + lastHeartbeat + "; the process running it stopped");
                }).list());
        List<BackupRecord> abandoned = new ArrayList<>();
        for (BackupRecord candidate : candidates) {
            if (failIfSilent(candidate, cutoff, now)) {
                abandoned.add(candidate);
            }
        }
        return abandoned;
    }

    /** Stores {@code failed} while its row runs with a heartbeat older than {@code cutoff}; true when it did. */
    boolean failIfSilent(BackupRecord failed, long cutoff, Instant now) {
        return connection.inTransaction("mark abandoned backup " + failed.id() + " failed", handle -> {
            boolean changed = handle.createUpdate("UPDATE backups SET status = :status, finished_at = :finished_at,"
                            + " error = :error WHERE id = :id AND " + ABANDONED)
                    .bind("status", failed.status().label())
                    .bind("finished_at", failed.finishedAt().toEpochMilli())
                    .bind("error", failed.error())
                    .bind("id", failed.id())
                    .bind("cutoff", cutoff)
                    .execute() == 1;
            if (changed) {
                auditLog.append(new AuditEntry(now, Catalog.SWEEPER, "backup", failed.database(), failed.id(),
                        failed.objectKey(), "failed", failed.error()));
            }
            return changed;
        });
    }
}
