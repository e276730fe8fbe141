package dev.backstop.catalog;

import static dev.backstop.catalog.CatalogConnection.strings;

import dev.backstop.core.DrillRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The drills table: one row a finished restore drill, with its checks and whether it passed. */
final class DrillRows {

    private final CatalogConnection connection;

    DrillRows(CatalogConnection connection) {
        this.connection = connection;
    }

    void insert(DrillRecord drill) {
        String sql = "INSERT INTO drills (id, database, backup_id, started_at, duration_ms, rto_ms, passed, checks,"
                + " evidence_key, actor) VALUES (?,?,?,?,?,?,?,?,?,?)";
        connection.update("record drill " + drill.id(), sql, statement -> {
            statement.setString(1, drill.id());
            statement.setString(2, drill.database());
            statement.setString(3, drill.backupId());
            statement.setLong(4, drill.startedAt().toEpochMilli());
            statement.setLong(5, drill.durationMs());
            statement.setLong(6, drill.rtoMs());
            statement.setInt(7, drill.passed() ? 1 : 0);
            statement.setString(8, drill.checksJson());
            statement.setString(9, drill.evidenceKey());
            statement.setString(10, drill.actor());
        });
    }

    /** The newest drill of a database, or, with {@code passedOnly}, the newest that passed. */
    Optional<DrillRecord> last(String database, boolean passedOnly) {
        return newest(database, passedOnly, 1).stream().findFirst();
    }

    /** Up to {@code limit} drills of a database, newest first. */
    List<DrillRecord> newest(String database, boolean passedOnly, int limit) {
        String sql = "SELECT id, database, backup_id, started_at, duration_ms, rto_ms, passed, checks, evidence_key,"
                + " actor FROM drills WHERE database = ?" + (passedOnly ? " AND passed = 1" : "")
                + " ORDER BY id DESC LIMIT " + Math.max(0, limit);
        return connection.select("read drills", sql, strings(database), row -> new DrillRecord(row.getString(1),
                row.getString(2), row.getString(3), Instant.ofEpochMilli(row.getLong(4)), row.getLong(5),
                row.getLong(6), row.getInt(7) == 1, row.getString(8), row.getString(9), row.getString(10)));
    }
}
