package dev.backstop.catalog;

import dev.backstop.core.AuditEntry;
import java.time.Instant;
import java.util.List;

/** The append-only audit log: who did what to which backup, and how it went. */
final class AuditLog {

    private final CatalogConnection connection;

    AuditLog(CatalogConnection connection) {
        this.connection = connection;
    }

    /** Appends one entry; there is no way to change or remove one. */
    void append(AuditEntry entry) {
        String sql = "INSERT INTO audit_log (at, actor, action, database, backup_id, target, outcome, detail)"
                + " VALUES (?,?,?,?,?,?,?,?)";
        connection.update("write the audit log", sql, statement -> {
            statement.setLong(1, entry.at().toEpochMilli());
            statement.setString(2, entry.actor());
            statement.setString(3, entry.action());
            statement.setString(4, entry.database());
            statement.setString(5, entry.backupId());
            statement.setString(6, entry.target());
            statement.setString(7, entry.outcome());
            statement.setString(8, entry.detail());
        });
    }

    /** The sequence number of the newest entry, 0 for an empty log. */
    long lastSeq() {
        return connection.select("read the audit log", "SELECT COALESCE(MAX(seq), 0) FROM audit_log",
                statement -> { }, rows -> rows.getLong(1)).get(0);
    }

    /** Up to {@code limit} entries numbered above {@code seq}, oldest first. */
    List<NumberedAuditEntry> after(long seq, int limit) {
        String sql = "SELECT seq, at, actor, action, database, backup_id, target, outcome, detail FROM audit_log"
                + " WHERE seq > ? ORDER BY seq LIMIT ?";
        return connection.select("read the audit log", sql, statement -> {
            statement.setLong(1, seq);
            statement.setInt(2, limit);
        }, rows -> new NumberedAuditEntry(rows.getLong(1), new AuditEntry(Instant.ofEpochMilli(rows.getLong(2)),
                rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7),
                rows.getString(8), rows.getString(9))));
    }

    /** The newest {@code limit} entries, oldest first. */
    List<AuditEntry> newest(int limit) {
        String sql = "SELECT at, actor, action, database, backup_id, target, outcome, detail FROM"
                + " (SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?) ORDER BY seq";
        return connection.select("read the audit log", sql, statement -> statement.setInt(1, limit),
                rows -> new AuditEntry(Instant.ofEpochMilli(rows.getLong(1)), rows.getString(2),
                        rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6),
                        rows.getString(7), rows.getString(8)));
    }
}
