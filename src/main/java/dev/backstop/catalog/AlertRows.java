package dev.backstop.catalog;

import static dev.backstop.catalog.CatalogConnection.strings;

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
        String sql = "SELECT database, kind, opened_at, last_sent_at, message FROM alert_state ORDER BY opened_at";
        return connection.select("read alerts", sql, strings(), rows -> new OpenAlert(rows.getString(1),
                rows.getString(2), Instant.ofEpochMilli(rows.getLong(3)), Instant.ofEpochMilli(rows.getLong(4)),
                rows.getString(5)));
    }

    /** Opens an incident, or refreshes when it was last sent and its message. */
    void save(OpenAlert alert) {
        String sql = "INSERT INTO alert_state (database, kind, opened_at, last_sent_at, message) VALUES (?,?,?,?,?)"
                + " ON CONFLICT (database, kind) DO UPDATE SET last_sent_at = excluded.last_sent_at,"
                + " message = excluded.message";
        connection.update("save alert", sql, statement -> {
            statement.setString(1, alert.database());
            statement.setString(2, alert.kind());
            statement.setLong(3, alert.openedAt().toEpochMilli());
            statement.setLong(4, alert.lastSentAt().toEpochMilli());
            statement.setString(5, alert.message());
        });
    }

    void close(String database, String kind) {
        connection.update("close alert", "DELETE FROM alert_state WHERE database = ? AND kind = ?",
                strings(database, kind));
    }
}
