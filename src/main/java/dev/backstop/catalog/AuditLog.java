package dev.backstop.catalog;

import dev.backstop.core.AuditEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The append-only audit log: who did what to which backup, and how it went. */
final class AuditLog {

    private static final String COLUMNS = "at, actor, action, database, backup_id, target, outcome, detail";

    private final CatalogConnection connection;

    AuditLog(CatalogConnection connection) {
        this.connection = connection;
    }

    /** Appends one entry; there is no way to change or remove one. */
    void append(AuditEntry entry) {
        connection.withHandle("write the audit log", handle -> handle.createUpdate("INSERT INTO audit_log (" + COLUMNS
                        + ") VALUES (:at, :actor, :action, :database, :backup_id, :target, :outcome, :detail)")
                .bind("at", entry.at().toEpochMilli())
                .bind("actor", entry.actor())
                .bind("action", entry.action())
                .bind("database", entry.database())
                .bind("backup_id", entry.backupId())
                .bind("target", entry.target())
                .bind("outcome", entry.outcome())
                .bind("detail", entry.detail())
                .execute());
    }

    /** The sequence number of the newest entry, 0 for an empty log. */
    long lastSeq() {
        return connection.withHandle("read the audit log", handle -> handle.createQuery(
                "SELECT COALESCE(MAX(seq), 0) FROM audit_log").mapTo(Long.class).one());
    }

    /** Up to {@code limit} entries numbered above {@code seq}, oldest first. */
    List<NumberedAuditEntry> after(long seq, int limit) {
        return connection.withHandle("read the audit log", handle -> handle.createQuery("SELECT seq, " + COLUMNS
                        + " FROM audit_log WHERE seq > :seq ORDER BY seq LIMIT :limit")
                .bind("seq", seq).bind("limit", limit)
                .map((row, context) -> new NumberedAuditEntry(row.getLong("seq"), read(row))).list());
    }

    /** The newest {@code limit} entries, oldest first. */
    List<AuditEntry> newest(int limit) {
        return connection.withHandle("read the audit log", handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM (SELECT * FROM audit_log ORDER BY seq DESC LIMIT :limit) AS newest ORDER BY seq")
                .bind("limit", limit).map((row, context) -> read(row)).list());
    }

    private static AuditEntry read(ResultSet row) throws SQLException {
        return new AuditEntry(Instant.ofEpochMilli(row.getLong("at")), row.getString("actor"), row.getString("action"),
                row.getString("database"), row.getString("backup_id"), row.getString("target"),
                row.getString("outcome"), row.getString("detail"));
    }
}
