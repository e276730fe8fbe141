package dev.backstop.catalog;

import static dev.backstop.catalog.CatalogConnection.strings;

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
        String sql = "INSERT INTO approval_requests (" + COLUMNS.replace(", version", "")
                + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                + " ON CONFLICT (id) DO UPDATE SET state = excluded.state, state_since = excluded.state_since,"
                + " approved_by = excluded.approved_by, denied_by = excluded.denied_by,"
                + " executed_at = excluded.executed_at,"
                + " message_ref = excluded.message_ref, heartbeat_at = excluded.heartbeat_at, error = excluded.error,"
                + " version = approval_requests.version + 1";
        connection.update("save approval request " + row.id(), sql, statement -> {
            statement.setString(1, row.id());
            statement.setString(2, row.database());
            statement.setString(3, row.backupId());
            statement.setString(4, row.sha256());
            statement.setString(5, row.target());
            statement.setString(6, row.requester());
            statement.setLong(7, row.createdAt().toEpochMilli());
            statement.setLong(8, row.expiresAt().toEpochMilli());
            statement.setString(9, row.state());
            statement.setString(10, String.join(",", row.approvedBy()));
            statement.setString(11, String.join(",", row.deniedBy()));
            statement.setObject(12, millis(row.executedAt()));
            statement.setString(13, row.messageRef());
            statement.setObject(14, millis(row.heartbeatAt()));
            statement.setString(15, row.error());
            statement.setLong(16, row.stateSince().toEpochMilli());
            statement.setString(17, row.restoreAt() == null ? null : row.restoreAt().toString());
            statement.setString(18, row.bookmark());
        });
    }

    /** Records which chat message carries request {@code id}; not a state change, so its version stays. */
    void attachMessage(String id, String messageRef) {
        connection.update("attach a message to approval request " + id,
                "UPDATE approval_requests SET message_ref = ? WHERE id = ?", strings(messageRef, id));
    }

    /** Finds a request by id, or by the chat message that carries it. */
    Optional<ApprovalRow> find(String idOrMessageRef) {
        return select("read approval request " + idOrMessageRef, "SELECT " + COLUMNS
                + " FROM approval_requests WHERE id = ? OR (message_ref <> '' AND message_ref = ?)",
                idOrMessageRef, idOrMessageRef).stream().findFirst();
    }

    /** Backup ids of a database's requests that wait for votes at {@code now}, or are approved. */
    Set<String> backupsAwaitingRestore(String database, Instant now) {
        String sql = "SELECT backup_id FROM approval_requests WHERE database = ? AND (state = 'approved'"
                + " OR (state = 'requested' AND expires_at > ?))";
        return new HashSet<>(connection.select("read approval requests", sql, statement -> {
            statement.setString(1, database);
            statement.setLong(2, now.toEpochMilli());
        }, rows -> rows.getString(1)));
    }

    /** Refreshes the heartbeat of request {@code id} while it is approved; leaves any other row as it is. */
    void heartbeat(String id, Instant at) {
        connection.update("record the heartbeat of approval request " + id,
                "UPDATE approval_requests SET heartbeat_at = ? WHERE id = ? AND state = 'approved'", statement -> {
                    statement.setLong(1, at.toEpochMilli());
                    statement.setString(2, id);
                });
    }

    /** Every request waiting for votes or approved, oldest first. */
    List<ApprovalRow> unfinished() {
        return select("read approval requests", "SELECT " + COLUMNS + " FROM approval_requests"
                + " WHERE state IN ('requested', 'approved') ORDER BY created_at, id");
    }

    /** Requests waiting for votes or approved, and those that failed at {@code failedSince} or later, oldest first. */
    List<ApprovalRow> unfinishedOrFailedSince(Instant failedSince) {
        String sql = "SELECT " + COLUMNS + " FROM approval_requests WHERE state IN ('requested', 'approved')"
                + " OR (state = 'failed' AND state_since >= ?) ORDER BY created_at, id";
        return connection.select("read approval requests", sql,
                statement -> statement.setLong(1, failedSince.toEpochMilli()), ApprovalRequests::read);
    }

    /** Requests abandoned and not announced yet, oldest first. */
    List<ApprovalRow> toAnnounce() {
        return select("read approval requests", "SELECT " + COLUMNS + " FROM approval_requests"
                + " WHERE announce_pending = 1 ORDER BY created_at, id");
    }

    /** An instant as the epoch milliseconds the table stores, or null for none. */
    static Long millis(Instant at) {
        return at == null ? null : at.toEpochMilli();
    }

    private List<ApprovalRow> select(String what, String sql, String... parameters) {
        return connection.select(what, sql, strings(parameters), ApprovalRequests::read);
    }

    private static ApprovalRow read(ResultSet row) throws SQLException {
        return new ApprovalRow(row.getString(1), row.getString(2), row.getString(3),
                row.getString(4), row.getString(5), row.getString(6), Instant.ofEpochMilli(row.getLong(7)),
                Instant.ofEpochMilli(row.getLong(8)), row.getString(9), Instant.ofEpochMilli(row.getLong(16)),
                names(row.getString(10)), names(row.getString(11)), instant(row, 12), row.getString(13),
                instant(row, 14), row.getString(15),
                row.getString(17) == null ? null : Instant.parse(row.getString(17)), row.getString(18), row.getLong(19));
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static List<String> names(String joined) {
        return joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }
}
