package dev.backstop.catalog;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The backups_in_use table: backups that a drill or restore in some process reads, each hold with the
 * lease its holder renews, so retention run by any process keeps them.
 */
final class BackupHolds {

    private final CatalogConnection connection;

    BackupHolds(CatalogConnection connection) {
        this.connection = connection;
    }

    /** Holds backup {@code backupId} for {@code holder} until {@code until}, or extends its hold; drops dead holds. */
    void hold(String database, String backupId, String holder, Instant now, Instant until) {
        connection.update("forget expired backup holds", "DELETE FROM backups_in_use WHERE expires_at <= ?",
                statement -> statement.setLong(1, now.toEpochMilli()));
        String sql = "INSERT INTO backups_in_use (database, backup_id, holder, expires_at) VALUES (?,?,?,?)"
                + " ON CONFLICT (database, backup_id, holder) DO UPDATE SET expires_at = excluded.expires_at";
        connection.update("hold backup " + backupId, sql, statement -> {
            statement.setString(1, database);
            statement.setString(2, backupId);
            statement.setString(3, holder);
            statement.setLong(4, until.toEpochMilli());
        });
    }

    void release(String database, String backupId, String holder) {
        connection.update("release backup " + backupId,
                "DELETE FROM backups_in_use WHERE database = ? AND backup_id = ? AND holder = ?",
                CatalogConnection.strings(database, backupId, holder));
    }

    /** The ids of the database's backups some live hold covers at {@code now}. */
    Set<String> inUse(String database, Instant now) {
        return new HashSet<>(connection.select("read backups in use",
                "SELECT backup_id FROM backups_in_use WHERE database = ? AND expires_at > ?", statement -> {
                    statement.setString(1, database);
                    statement.setLong(2, now.toEpochMilli());
                }, row -> row.getString(1)));
    }
}
