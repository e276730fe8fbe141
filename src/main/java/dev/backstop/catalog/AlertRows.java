package dev.backstop.catalog;

import dev.backstop.core.OpenAlert;
import java.time.Instant;
import java.util.List;

/** The alert_state table: the open incidents, one per database and kind, and when each was last sent. */
final class AlertRows {

    private final CatalogConnection connection;

    AlertRows(CatalogConnection connection) {
        this.connection = connection;
    }

    /** Every open incident, oldest first. */
    List<OpenAlert> open() {
        return connection.withHandle("read alerts", handle -> handle.createQuery("SELECT database, kind, opened_at,"
                        + " last_sent_at, message FROM alert_state ORDER BY opened_at, database, kind")
                .map((row, context) -> new OpenAlert(row.getString("database"), row.getString("kind"),
                        Instant.ofEpochMilli(row.getLong("opened_at")), Instant.ofEpochMilli(row.getLong("last_sent_at")),
                        row.getString("message")))
                .list());
    }

    /** Opens an incident, or refreshes when it was last sent and its message. */
    void save(OpenAlert alert) {
        connection.withHandle("save alert", handle -> handle.createUpdate("INSERT INTO alert_state (database, kind,"
                        + " opened_at, last_sent_at, message) VALUES (:database, :kind, :opened_at, :last_sent_at, :message)"
                        + " ON CONFLICT (database, kind) DO UPDATE SET last_sent_at = excluded.last_sent_at,"
                        + " message = excluded.message")
                .bind("database", alert.database())
                .bind("kind", alert.kind())
                .bind("opened_at", alert.openedAt().toEpochMilli())
                .bind("last_sent_at", alert.lastSentAt().toEpochMilli())
                .bind("message", alert.message())
                .execute());
    }

    void close(String database, String kind) {
        connection.withHandle("close alert", handle -> handle.createUpdate(
                        "DELETE FROM alert_state WHERE database = :database AND kind = :kind")
                .bind("database", database).bind("kind", kind).execute());
    }
}
