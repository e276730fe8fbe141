package dev.backstop.catalog;

import dev.backstop.core.DrillRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The drills table: one row a finished restore drill, with its checks and whether it passed. */
final class DrillRows {

    private static final String COLUMNS = "id, database, backup_id, started_at, duration_ms, rto_ms, passed, checks,"
            + " evidence_key, actor";

    private final CatalogConnection connection;
    private final Batches batches;

    DrillRows(CatalogConnection connection, Batches batches) {
        this.connection = connection;
        this.batches = batches;
    }

    void insert(DrillRecord drill) {
        connection.withHandle("record drill " + drill.id(), handle -> handle.createUpdate("INSERT INTO drills ("
                        + COLUMNS + ") VALUES (:id, :database, :backup_id, :started_at, :duration_ms, :rto_ms, :passed,"
                        + " :checks, :evidence_key, :actor)")
                .bind("id", drill.id())
                .bind("database", drill.database())
                .bind("backup_id", drill.backupId())
                .bind("started_at", drill.startedAt().toEpochMilli())
                .bind("duration_ms", drill.durationMs())
                .bind("rto_ms", drill.rtoMs())
                .bind("passed", drill.passed() ? 1 : 0)
                .bind("checks", drill.checksJson())
                .bind("evidence_key", drill.evidenceKey())
                .bind("actor", drill.actor())
                .execute());
    }

    /** The newest drill of a database, or, with {@code passedOnly}, the newest that passed. */
    Optional<DrillRecord> last(String database, boolean passedOnly) {
        return newest(database, passedOnly, 1).stream().findFirst();
    }

    /** Up to {@code limit} drills of a database, newest first. */
    List<DrillRecord> newest(String database, boolean passedOnly, int limit) {
        return connection.withHandle("read drills", handle -> handle.createQuery(newest(passedOnly))
                .bind("database", database).bind("limit", Math.max(0, limit))
                .map((row, context) -> read(row))
                .list());
    }

    /**
     * Up to {@code limit} drills of each of {@code databases}, newest first, every database a key (with an
     * empty list when it has none). See {@link Batches}.
     */
    Map<String, List<DrillRecord>> newestOfEach(Collection<String> databases, boolean passedOnly, int limit) {
        return batches.newestOfEach("read drills", databases, newest(passedOnly), limit,
                (row, context) -> read(row), DrillRecord::database, DrillRecord::id);
    }

    /** The newest drill of each of {@code databases}, or with {@code passedOnly} the newest that passed; a database without one is not a key. */
    Map<String, DrillRecord> lastOfEach(Collection<String> databases, boolean passedOnly) {
        Map<String, DrillRecord> last = new LinkedHashMap<>();
        newestOfEach(databases, passedOnly, 1)
                .forEach((database, drills) -> drills.stream().findFirst().ifPresent(drill -> last.put(database, drill)));
        return last;
    }

    private static String newest(boolean passedOnly) {
        return "SELECT " + COLUMNS + " FROM drills WHERE database = :database" + (passedOnly ? " AND passed = 1" : "")
                + " ORDER BY id DESC LIMIT :limit";
    }

    private static DrillRecord read(ResultSet row) throws SQLException {
        return new DrillRecord(row.getString("id"), row.getString("database"),
                row.getString("backup_id"), Instant.ofEpochMilli(row.getLong("started_at")),
                row.getLong("duration_ms"), row.getLong("rto_ms"), row.getInt("passed") == 1,
                row.getString("checks"), row.getString("evidence_key"), row.getString("actor"));
    }
}
