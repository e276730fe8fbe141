package dev.backstop.catalog;

import static dev.backstop.catalog.CatalogConnection.strings;

import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The backups table: one row a backup, from started to its end, with its label and the heartbeat of the process running it. */
final class BackupRows {

    /** The columns {@link #read} maps, in its order. */
    static final String COLUMNS = "id, database, engine, created_at, finished_at, status, object_key,"
            + " manifest_key, size_bytes, sha256, raw_size_bytes, raw_sha256, actor, error, label, pinned, keep_until";

    /** How many columns {@link #COLUMNS} names; a query may select more after them. */
    static final int COLUMN_COUNT = COLUMNS.split(",").length;

    private final CatalogConnection connection;

    BackupRows(CatalogConnection connection) {
        this.connection = connection;
    }

    /** Records a backup that has just started; its heartbeat is its creation time. */
    void insert(BackupRecord backup) {
        String sql = "INSERT INTO backups (" + COLUMNS + ", heartbeat_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        connection.update("record backup " + backup.id(), sql, statement -> {
            bind(statement, backup);
            statement.setLong(18, backup.createdAt().toEpochMilli());
        });
    }

    /** Stores the new state of a backup already recorded; fails when there is none with its id. */
    void update(BackupRecord backup) {
        String what = "update backup " + backup.id();
        String sql = "UPDATE backups SET finished_at = ?, status = ?, size_bytes = ?, sha256 = ?,"
                + " raw_size_bytes = ?, raw_sha256 = ?, error = ? WHERE id = ?";
        int changed = connection.update(what, sql, statement -> {
            statement.setObject(1, backup.finishedAt() == null ? null : backup.finishedAt().toEpochMilli());
            statement.setString(2, backup.status().label());
            statement.setLong(3, backup.sizeBytes());
            statement.setString(4, backup.sha256());
            statement.setLong(5, backup.rawSizeBytes());
            statement.setString(6, backup.rawSha256());
            statement.setString(7, backup.error());
            statement.setString(8, backup.id());
        });
        if (changed != 1) {
            throw connection.failure(what, new SQLException("no backup with id " + backup.id()));
        }
    }

    /** Refreshes the heartbeat of backup {@code id} while it runs; leaves any other row as it is. */
    void heartbeat(String id, Instant at) {
        connection.update("record the heartbeat of backup " + id,
                "UPDATE backups SET heartbeat_at = ? WHERE id = ? AND status = 'running'", statement -> {
                    statement.setLong(1, at.toEpochMilli());
                    statement.setString(2, id);
                });
    }

    Optional<BackupRecord> find(String database, String id) {
        List<BackupRecord> found = select("SELECT " + COLUMNS + " FROM backups WHERE database = ? AND id = ?",
                database, id);
        return found.stream().findFirst();
    }

    /** True when a backup of any database is running with a heartbeat at or after {@code liveSince}. */
    boolean anyRunning(Instant liveSince) {
        return !connection.select("look for running backups",
                "SELECT id FROM backups WHERE status = 'running' AND heartbeat_at >= ? LIMIT 1",
                statement -> statement.setLong(1, liveSince.toEpochMilli()), row -> row.getString(1)).isEmpty();
    }

    Optional<BackupRecord> latestSucceeded(String database) {
        return select("SELECT " + COLUMNS + " FROM backups WHERE database = ? AND status = 'succeeded'"
                + " ORDER BY id DESC LIMIT 1", database).stream().findFirst();
    }

    Optional<BackupRecord> latestSucceeded(String database, String label) {
        return select("SELECT " + COLUMNS + " FROM backups WHERE database = ? AND status = 'succeeded' AND label = ?"
                + " ORDER BY id DESC LIMIT 1", database, label).stream().findFirst();
    }

    /** The newest {@code limit} backups of a database, newest first, whatever their status. */
    List<BackupRecord> list(String database, int limit) {
        return select("SELECT " + COLUMNS + " FROM backups WHERE database = ? ORDER BY id DESC LIMIT "
                + Math.max(0, limit), database);
    }

    /** Clears the pin and keep-until of backup {@code id} of {@code database}; returns whether there was one. */
    boolean release(String database, String id) {
        return connection.update("unpin backup " + id, "UPDATE backups SET pinned = 0, keep_until = NULL"
                + " WHERE database = ? AND id = ?", strings(database, id)) == 1;
    }

    /** How many backups of a database there are in each status, by status label. */
    Map<String, Long> countByStatus(String database) {
        Map<String, Long> counts = new TreeMap<>();
        connection.select("count backups", "SELECT status, count(*) FROM backups WHERE database = ? GROUP BY status",
                strings(database), rows -> Map.entry(rows.getString(1), rows.getLong(2)))
                .forEach(count -> counts.put(count.getKey(), count.getValue()));
        return counts;
    }

    private List<BackupRecord> select(String sql, String... parameters) {
        return connection.select("read backups", sql, strings(parameters), BackupRows::read);
    }

    private static void bind(PreparedStatement statement, BackupRecord backup) throws SQLException {
        statement.setString(1, backup.id());
        statement.setString(2, backup.database());
        statement.setString(3, backup.engine());
        statement.setLong(4, backup.createdAt().toEpochMilli());
        statement.setObject(5, backup.finishedAt() == null ? null : backup.finishedAt().toEpochMilli());
        statement.setString(6, backup.status().label());
        statement.setString(7, backup.objectKey());
        statement.setString(8, backup.manifestKey());
        statement.setLong(9, backup.sizeBytes());
        statement.setString(10, backup.sha256());
        statement.setLong(11, backup.rawSizeBytes());
        statement.setString(12, backup.rawSha256());
        statement.setString(13, backup.actor());
        statement.setString(14, backup.error());
        statement.setString(15, backup.label());
        statement.setInt(16, backup.pinned() ? 1 : 0);
        statement.setObject(17, backup.keepUntil() == null ? null : backup.keepUntil().toEpochMilli());
    }

    /** The backup in the first {@link #COLUMNS} columns of {@code rows}' current row. */
    static BackupRecord read(ResultSet rows) throws SQLException {
        long finished = rows.getLong(5);
        Instant finishedAt = rows.wasNull() ? null : Instant.ofEpochMilli(finished);
        long until = rows.getLong(17);
        Instant keepUntil = rows.wasNull() ? null : Instant.ofEpochMilli(until);
        return new BackupRecord(rows.getString(1), rows.getString(2), rows.getString(3),
                Instant.ofEpochMilli(rows.getLong(4)), finishedAt, BackupStatus.fromLabel(rows.getString(6)),
                rows.getString(7), rows.getString(8), rows.getLong(9), rows.getString(10), rows.getLong(11),
                rows.getString(12), rows.getString(13), rows.getString(14), rows.getString(15), rows.getInt(16) == 1,
                keepUntil);
    }
}
