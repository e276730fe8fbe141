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

    private static final String ABANDONED = "status = 'running' AND COALESCE(heartbeat_at, created_at) < ?";

    private final CatalogConnection connection;
    private final AuditLog auditLog;

    AbandonedBackups(CatalogConnection connection, AuditLog auditLog) {
        this.connection = connection;
        this.auditLog = auditLog;
    }

    /** Fails every backup abandoned at {@code now}, each in its own transaction; returns them as now stored. */
    List<BackupRecord> fail(Instant now) {
        long cutoff = now.minus(Catalog.ABANDONED_AFTER).toEpochMilli();
        List<BackupRecord> candidates = connection.select("find abandoned backups", "SELECT " + BackupRows.COLUMNS
                + ", COALESCE(heartbeat_at, created_at) FROM backups WHERE " + ABANDONED + " ORDER BY id",
                statement -> statement.setLong(1, cutoff), rows -> {
                    Instant lastHeartbeat = Instant.ofEpochMilli(rows.getLong(BackupRows.COLUMN_COUNT + 1));
                    return BackupRows.read(rows).failed(lastHeartbeat, "interrupted: no heartbeat since "
                            + lastHeartbeat + "; the process running it stopped");
                });
        List<BackupRecord> abandoned = new ArrayList<>();
        for (BackupRecord candidate : candidates) {
            if (failIfAbandoned(candidate, cutoff, now)) {
                abandoned.add(candidate);
            }
        }
        return abandoned;
    }

    private boolean failIfAbandoned(BackupRecord failed, long cutoff, Instant now) {
        String sql = "UPDATE backups SET status = ?, finished_at = ?, error = ? WHERE id = ? AND " + ABANDONED;
        return connection.updateOne("mark abandoned backup " + failed.id() + " failed", sql, statement -> {
            statement.setString(1, failed.status().label());
            statement.setLong(2, failed.finishedAt().toEpochMilli());
            statement.setString(3, failed.error());
            statement.setString(4, failed.id());
            statement.setLong(5, cutoff);
        }, () -> auditLog.append(new AuditEntry(now, Catalog.SWEEPER, "backup", failed.database(), failed.id(),
                failed.objectKey(), "failed", failed.error())));
    }
}
