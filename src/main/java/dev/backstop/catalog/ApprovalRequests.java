package dev.backstop.catalog;

import static dev.backstop.catalog.BackupRows.instant;
import static dev.backstop.catalog.BackupRows.millis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The approval_requests table: each restore request as an {@link ApprovalRow}, with the heartbeat of
 * the process restoring it once approved. How requests end is {@link ApprovalEndings}.
 */
final class ApprovalRequests {

    private static final String COLUMNS = "id, database, backup_id, sha256, target, requester, created_at,"
            + " expires_at, state, approved_by, denied_by, executed_at, message_ref, heartbeat_at, error, state_since,"
            + " restore_at, bookmark, version";

    private final CatalogConnection connection;

    ApprovalRequests(CatalogConnection connection) {
        this.connection = connection;
    }

    /** Stores a request, replacing its previous state whatever its version, and counting that as a change. */
    void save(ApprovalRow row) {
        connection.withHandle("save approval request " + row.id(), handle -> handle.createUpdate(
                        "INSERT INTO approval_requests (" + COLUMNS.replace(", version", "") + ") VALUES (:id, :database, :backup_id, :sha256,"
                                + " :target, :requester, :created_at, :expires_at, :state, :approved_by, :denied_by,"
                                + " :executed_at, :message_ref, :heartbeat_at, :error, :state_since, :restore_at,"
                                + " :bookmark)"
                                + " ON CONFLICT (id) DO UPDATE SET state = excluded.state,"
                                + " state_since = excluded.state_since, approved_by = excluded.approved_by,"
                                + " denied_by = excluded.denied_by, executed_at = excluded.executed_at,"
                                + " message_ref = excluded.message_ref, heartbeat_at = excluded.heartbeat_at,"
                                + " error = excluded.error, version = approval_requests.version + 1")
                .bind("id", row.id())
                .bind("database", row.database())
                .bind("backup_id", row.backupId())
                .bind("sha256", row.sha256())
                .bind("target", row.target())
                .bind("requester", row.requester())
                .bind("created_at", row.createdAt().toEpochMilli())
                .bind("expires_at", row.expiresAt().toEpochMilli())
                .bind("state", row.state())
                .bind("approved_by", String.join(",", row.approvedBy()))
                .bind("denied_by", String.join(",", row.deniedBy()))
                .bind("executed_at", millis(row.executedAt()))
                .bind("message_ref", row.messageRef())
                .bind("heartbeat_at", millis(row.heartbeatAt()))
                .bind("error", row.error())
                .bind("state_since", row.stateSince().toEpochMilli())
                .bind("restore_at", row.restoreAt() == null ? null : row.restoreAt().toString())
                .bind("bookmark", row.bookmark())
                .execute());
    }

    /** Records which chat message carries request {@code id}; not a state change, so its version stays. */
    void attachMessage(String id, String messageRef) {
        connection.withHandle("attach a message to approval request " + id, handle -> handle.createUpdate(
                        "UPDATE approval_requests SET message_ref = :ref WHERE id = :id")
                .bind("ref", messageRef).bind("id", id).execute());
    }

    /** Finds a request by id, or by the chat message that carries it. */
    Optional<ApprovalRow> find(String idOrMessageRef) {
        return connection.withHandle("read approval request " + idOrMessageRef, handle -> handle.createQuery(
                        "SELECT " + COLUMNS + " FROM approval_requests"
                                + " WHERE id = :key OR (message_ref <> '' AND message_ref = :key) ORDER BY id")
                .bind("key", idOrMessageRef).map((row, context) -> read(row)).findFirst());
    }

    /** Backup ids of a database's requests that wait for votes at {@code now}, or are approved. */
    Set<String> backupsAwaitingRestore(String database, Instant now) {
        return new HashSet<>(connection.withHandle("read approval requests", handle -> handle.createQuery(
                        "SELECT backup_id FROM approval_requests WHERE database = :database AND (state = 'approved'"
                                + " OR (state = 'requested' AND expires_at > :now))")
                .bind("database", database).bind("now", now.toEpochMilli()).mapTo(String.class).list()));
    }

    /** Refreshes the heartbeat of request {@code id} while it is approved; leaves any other row as it is. */
    void heartbeat(String id, Instant at) {
        connection.withHandle("record the heartbeat of approval request " + id, handle -> handle.createUpdate(
                        "UPDATE approval_requests SET heartbeat_at = :at WHERE id = :id AND state = 'approved'")
                .bind("at", at.toEpochMilli()).bind("id", id).execute());
    }

    /** Every request waiting for votes or approved, oldest first. */
    List<ApprovalRow> unfinished() {
        return select("SELECT " + COLUMNS + " FROM approval_requests"
                + " WHERE state IN ('requested', 'approved') ORDER BY created_at, id", null);
    }

    /** Requests waiting for votes or approved, and those that failed at {@code failedSince} or later, oldest first. */
    List<ApprovalRow> unfinishedOrFailedSince(Instant failedSince) {
        return select("SELECT " + COLUMNS + " FROM approval_requests WHERE state IN ('requested', 'approved')"
                + " OR (state = 'failed' AND state_since >= :since) ORDER BY created_at, id", failedSince);
    }

    /** Requests abandoned and not announced yet, oldest first. */
    List<ApprovalRow> toAnnounce() {
        return select("SELECT " + COLUMNS + " FROM approval_requests"
                + " WHERE announce_pending = 1 ORDER BY created_at, id", null);
    }

    /** The rows {@code sql} selects, binding {@code since} when it is given. */
    private List<ApprovalRow> select(String sql, Instant since) {
        return connection.withHandle("read approval requests", handle -> {
            var query = handle.createQuery(sql);
            if (since != null) {
                query.bind("since", since.toEpochMilli());
            }
            return query.map((row, context) -> read(row)).list();
        });
    }

    private static ApprovalRow read(ResultSet row) throws SQLException {
        String restoreAt = row.getString("restore_at");
        return new ApprovalRow(row.getString("id"), row.getString("database"), row.getString("backup_id"),
                row.getString("sha256"), row.getString("target"), row.getString("requester"),
                Instant.ofEpochMilli(row.getLong("created_at")), Instant.ofEpochMilli(row.getLong("expires_at")),
                row.getString("state"), Instant.ofEpochMilli(row.getLong("state_since")),
                names(row.getString("approved_by")), names(row.getString("denied_by")), instant(row, "executed_at"),
                row.getString("message_ref"), instant(row, "heartbeat_at"), row.getString("error"),
                restoreAt == null ? null : Instant.parse(restoreAt), row.getString("bookmark"),
                row.getLong("version"));
    }

    private static List<String> names(String joined) {
        return joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }
}
