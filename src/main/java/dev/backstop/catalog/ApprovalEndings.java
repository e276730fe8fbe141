package dev.backstop.catalog;

import static dev.backstop.catalog.BackupRows.millis;

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
        connection.withHandle("mark approval request " + id + " announced", handle -> handle.createUpdate(
                "UPDATE approval_requests SET announce_pending = 0 WHERE id = :id").bind("id", id).execute());
    }

    private boolean replaceIf(ApprovalRow next, String fromState, Instant silentBefore, boolean announce,
                              AuditEntry entry) {
        return connection.inTransaction("end approval request " + next.id(), handle -> {
            var update = handle.createUpdate("UPDATE approval_requests SET state = :state, state_since = :state_since,"
                            + " approved_by = :approved_by, denied_by = :denied_by, executed_at = :executed_at,"
                            + " heartbeat_at = :heartbeat_at, error = :error, announce_pending = :announce,"
                            + " version = version + 1"
                            + " WHERE id = :id AND version = :version AND state = COALESCE(:from, state)"
                            + (silentBefore == null ? "" : " AND COALESCE(heartbeat_at, created_at) < :silent_before"))
                    .bind("state", next.state())
                    .bind("state_since", next.stateSince().toEpochMilli())
                    .bind("approved_by", String.join(",", next.approvedBy()))
                    .bind("denied_by", String.join(",", next.deniedBy()))
                    .bind("executed_at", millis(next.executedAt()))
                    .bind("heartbeat_at", millis(next.heartbeatAt()))
                    .bind("error", next.error())
                    .bind("announce", announce ? 1 : 0)
                    .bind("id", next.id())
                    .bind("version", next.version())
                    .bind("from", fromState);
            if (silentBefore != null) {
                update.bind("silent_before", silentBefore.toEpochMilli());
            }
            boolean changed = update.execute() == 1;
            if (changed) {
                auditLog.append(entry);
            }
            return changed;
        });
    }
}
