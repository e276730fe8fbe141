package dev.backstop.catalog;

import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.statement.Update;

/** The backups table: one row a backup, from started to its end, with its label and the heartbeat of the process running it. */
final class BackupRows {

    /** The columns {@link #read} maps. */
    static final String COLUMNS = "id, database, engine, created_at, finished_at, status, object_key,"
            + " manifest_key, size_bytes, sha256, raw_size_bytes, raw_sha256, actor, error, label, pinned, keep_until";

    private final CatalogConnection connection;
    private final Batches batches;

    BackupRows(CatalogConnection connection, Batches batches) {
        this.connection = connection;
        this.batches = batches;
    }

    /** Records a backup that has just started; its heartbeat is its creation time. */
    void insert(BackupRecord backup) {
        connection.withHandle("record backup " + backup.id(), handle -> bind(handle.createUpdate(
                "INSERT INTO backups (" + COLUMNS + ", heartbeat_at) VALUES (:id, :database, :engine, :created_at,"
                        + " :finished_at, :status, :object_key, :manifest_key, :size_bytes, :sha256, :raw_size_bytes,"
                        + " :raw_sha256, :actor, :error, :label, :pinned, :keep_until, :created_at)"), backup)
                .execute());
    }

    /** Stores the new state of a backup already recorded; fails when there is none with its id. */
    void update(BackupRecord backup) {
        String what = "update backup " + backup.id();
        int changed = connection.withHandle(what, handle -> handle.createUpdate("UPDATE backups SET"
                        + " finished_at = :finished_at, status = :status, size_bytes = :size_bytes, sha256 = :sha256,"
                        + " raw_size_bytes = :raw_size_bytes, raw_sha256 = :raw_sha256, error = :error WHERE id = :id")
                .bind("finished_at", millis(backup.finishedAt()))
                .bind("status", backup.status().label())
                .bind("size_bytes", backup.sizeBytes())
                .bind("sha256", backup.sha256())
                .bind("raw_size_bytes", backup.rawSizeBytes())
                .bind("raw_sha256", backup.rawSha256())
                .bind("error", backup.error())
                .bind("id", backup.id())
                .execute());
        if (changed != 1) {
            throw connection.failure(what, new SQLException("no backup with id " + backup.id()));
        }
    }

    /** Refreshes the heartbeat of backup {@code id} while it runs; leaves any other row as it is. */
    void heartbeat(String id, Instant at) {
        connection.withHandle("record the heartbeat of backup " + id, handle -> handle.createUpdate(
                        "UPDATE backups SET heartbeat_at = :at WHERE id = :id AND status = 'running'")
                .bind("at", at.toEpochMilli()).bind("id", id).execute());
    }

    Optional<BackupRecord> find(String database, String id) {
        return connection.withHandle("read backups", handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM backups WHERE database = :database AND id = :id")
                .bind("database", database).bind("id", id).map((row, context) -> read(row)).findFirst());
    }

    /** True when a backup of any database is running with a heartbeat at or after {@code liveSince}. */
    boolean anyRunning(Instant liveSince) {
        return connection.withHandle("look for running backups", handle -> handle.createQuery(
                        "SELECT id FROM backups WHERE status = 'running' AND heartbeat_at >= :since LIMIT 1")
                .bind("since", liveSince.toEpochMilli()).mapTo(String.class).findFirst().isPresent());
    }

    Optional<BackupRecord> latestSucceeded(String database) {
        return latestSucceeded(database, null);
    }

    /** The newest succeeded backup of a database, carrying {@code label} unless that is null. */
    Optional<BackupRecord> latestSucceeded(String database, String label) {
        return connection.withHandle("read backups", handle -> {
            var query = handle.createQuery("SELECT " + COLUMNS + " FROM backups WHERE database = :database"
                    + " AND status = 'succeeded'" + (label == null ? "" : " AND label = :label")
                    + " ORDER BY id DESC LIMIT 1").bind("database", database);
            if (label != null) {
                query.bind("label", label);
            }
            return query.map((row, context) -> read(row)).findFirst();
        });
    }

    /** The newest {@code limit} backups of a database, newest first, whatever their status. */
    List<BackupRecord> list(String database, int limit) {
        return connection.withHandle("read backups", handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM backups WHERE database = :database ORDER BY id DESC LIMIT :limit")
                .bind("database", database).bind("limit", Math.max(0, limit)).map((row, context) -> read(row)).list());
    }

    /**
     * The newest {@code limit} backups of each of {@code databases}, newest first, whatever their status, or
     * with {@code succeededOnly} only succeeded ones; every database asked for is a key, with an empty list
     * when it has none. Each database's part reads the {@code (database, id)}
     * index, as {@link #list} does ({@link Batches}).
     */
    Map<String, List<BackupRecord>> newestOfEach(Collection<String> databases, int limit, boolean succeededOnly) {
        return batches.newestOfEach("read backups", databases, "SELECT " + COLUMNS + " FROM backups"
                        + " WHERE database = :database" + (succeededOnly ? " AND status = 'succeeded'" : "")
                        + " ORDER BY id DESC LIMIT :limit", limit, (row, context) -> read(row),
                BackupRecord::database, BackupRecord::id);
    }

    /** Clears the pin and keep-until of backup {@code id} of {@code database}; returns whether there was one. */
    boolean release(String database, String id) {
        return connection.withHandle("unpin backup " + id, handle -> handle.createUpdate(
                        "UPDATE backups SET pinned = 0, keep_until = NULL WHERE database = :database AND id = :id")
                .bind("database", database).bind("id", id).execute()) == 1;
    }

    /** How many backups of a database there are in each status, by status label. */
    Map<String, Long> countByStatus(String database) {
        Map<String, Long> counts = new TreeMap<>();
        connection.withHandle("count backups", handle -> handle.createQuery(
                        "SELECT status, count(*) AS backups FROM backups WHERE database = :database GROUP BY status")
                .bind("database", database)
                .map((row, context) -> Map.entry(row.getString("status"), row.getLong("backups"))).list())
                .forEach(count -> counts.put(count.getKey(), count.getValue()));
        return counts;
    }

    private static Update bind(Update update, BackupRecord backup) {
        return update.bind("id", backup.id())
                .bind("database", backup.database())
                .bind("engine", backup.engine())
                .bind("created_at", backup.createdAt().toEpochMilli())
                .bind("finished_at", millis(backup.finishedAt()))
                .bind("status", backup.status().label())
                .bind("object_key", backup.objectKey())
                .bind("manifest_key", backup.manifestKey())
                .bind("size_bytes", backup.sizeBytes())
                .bind("sha256", backup.sha256())
                .bind("raw_size_bytes", backup.rawSizeBytes())
                .bind("raw_sha256", backup.rawSha256())
                .bind("actor", backup.actor())
                .bind("error", backup.error())
                .bind("label", backup.label())
                .bind("pinned", backup.pinned() ? 1 : 0)
                .bind("keep_until", millis(backup.keepUntil()));
    }

    /** An instant as the epoch milliseconds the catalog stores, or null for none. */
    static Long millis(Instant at) {
        return at == null ? null : at.toEpochMilli();
    }

    /** The instant stored in {@code column} of the current row, or null for none. */
    static Instant instant(ResultSet row, String column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    /** The backup in the {@link #COLUMNS} of {@code row}. */
    static BackupRecord read(ResultSet row) throws SQLException {
        return new BackupRecord(row.getString("id"), row.getString("database"), row.getString("engine"),
                Instant.ofEpochMilli(row.getLong("created_at")), instant(row, "finished_at"),
                BackupStatus.fromLabel(row.getString("status")), row.getString("object_key"),
                row.getString("manifest_key"), row.getLong("size_bytes"), row.getString("sha256"),
                row.getLong("raw_size_bytes"), row.getString("raw_sha256"), row.getString("actor"),
                row.getString("error"), row.getString("label"), row.getInt("pinned") == 1, instant(row, "keep_until"));
    }
}
