package dev.backstop.catalog;

import static dev.backstop.catalog.CatalogConnection.strings;

import dev.backstop.core.AuditEntry;
import java.time.Instant;

/**
 * How approval requests change state: each change is a compare-and-set on the row's version, stored
 * together with its audit entry, so of processes that read the same version exactly one changes it; one
 * abandoned stays marked for announcement until people are told.
 */
final class ApprovalEndings {

    private final CatalogConnection connection;
    private final AuditLog auditLog;

    ApprovalEndings(CatalogConnection connection, AuditLog auditLog) {
        this.connection = connection;
        this.auditLog = auditLog;
    }

    /**
     * Stores {@code next} and appends {@code entry} in one transaction, only while the stored row is still at
     * {@code next.version()}; true when it did (the stored version is then one higher).
     */
    boolean change(ApprovalRow next, AuditEntry entry) {
        return replaceIf(next, null, null, false, entry);
    }

    /** Like {@link #change}, and only while still {@code fromState}. */
    boolean end(ApprovalRow next, String fromState, AuditEntry entry) {
        return replaceIf(next, fromState, null, false, entry);
    }

    /** Like {@link #end} from approved, only while its heartbeat is older than {@code silentBefore}. */
    boolean abandon(ApprovalRow next, Instant silentBefore, AuditEntry entry) {
        return replaceIf(next, "approved", silentBefore, true, entry);
    }

    /** Records that people were told how request {@code id} ended. */
    void announced(String id) {
        connection.update("mark approval request " + id + " announced",
                "UPDATE approval_requests SET announce_pending = 0 WHERE id = ?", strings(id));
    }

    private boolean replaceIf(ApprovalRow next, String fromState, Instant silentBefore, boolean announce,
                              AuditEntry entry) {
        String sql = "UPDATE approval_requests SET state = ?, state_since = ?, approved_by = ?, denied_by = ?,"
                + " executed_at = ?, heartbeat_at = ?, error = ?, announce_pending = ?, version = version + 1"
                + " WHERE id = ? AND version = ? AND state = COALESCE(?, state)"
                + (silentBefore == null ? "" : " AND COALESCE(heartbeat_at, created_at) < ?");
        return connection.updateOne("end approval request " + next.id(), sql, statement -> {
            statement.setString(1, next.state());
            statement.setLong(2, next.stateSince().toEpochMilli());
            statement.setString(3, String.join(",", next.approvedBy()));
            statement.setString(4, String.join(",", next.deniedBy()));
            statement.setObject(5, ApprovalRequests.millis(next.executedAt()));
            statement.setObject(6, ApprovalRequests.millis(next.heartbeatAt()));
            statement.setString(7, next.error());
            statement.setInt(8, announce ? 1 : 0);
            statement.setString(9, next.id());
            statement.setLong(10, next.version());
            statement.setString(11, fromState);
            if (silentBefore != null) {
                statement.setLong(12, silentBefore.toEpochMilli());
            }
        }, () -> auditLog.append(entry));
    }
}
