package dev.backstop.catalog;

import static dev.backstop.catalog.BackupRows.millis;

import dev.backstop.core.AuditEntry;
import java.time.Instant;

/**
 * How approval requests end: each is replaced by its ended state once, together with its audit
 * entry, and one abandoned stays marked for announcement until people are told.
 */
final class ApprovalEndings {

    private final CatalogConnection connection;
    private final AuditLog auditLog;

    ApprovalEndings(CatalogConnection connection, AuditLog auditLog) {
        this.connection = connection;
        this.auditLog = auditLog;
    }

    /** Stores {@code next} and appends {@code entry} in one transaction, only while still {@code fromState}. */
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
                            + " heartbeat_at = :heartbeat_at, error = :error, announce_pending = :announce"
                            + " WHERE id = :id AND state = :from"
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
