package dev.backstop.catalog;

import static dev.backstop.catalog.CatalogConnection.strings;

import java.time.Instant;
import java.util.Optional;

/**
 * The job_locks table: one backup or restore per database across every process sharing the catalog.
 * A lock whose lease ran out belongs to a process that died (or stopped renewing) and is taken over.
 */
final class JobLockRows {

    private final CatalogConnection connection;

    JobLockRows(CatalogConnection connection) {
        this.connection = connection;
    }

    /** Takes the database's lock when it is free or its lease ended by {@code now}; true when taken. */
    boolean tryLock(String database, String job, String holder, Instant now, Instant until) {
        String sql = "INSERT INTO job_locks (database, job, holder, acquired_at, expires_at) VALUES (?,?,?,?,?)"
                + " ON CONFLICT (database) DO UPDATE SET job = excluded.job, holder = excluded.holder,"
                + " acquired_at = excluded.acquired_at, expires_at = excluded.expires_at"
                + " WHERE job_locks.expires_at <= ?";
        return connection.update("lock " + database, sql, statement -> {
            statement.setString(1, database);
            statement.setString(2, job);
            statement.setString(3, holder);
            statement.setLong(4, now.toEpochMilli());
            statement.setLong(5, until.toEpochMilli());
            statement.setLong(6, now.toEpochMilli());
        }) == 1;
    }

    /** Extends the lease of {@code holder}'s lock to {@code until}; false when it holds it no more. */
    boolean renew(String database, String holder, Instant until) {
        return connection.update("renew the lock of " + database,
                "UPDATE job_locks SET expires_at = ? WHERE database = ? AND holder = ?", statement -> {
                    statement.setLong(1, until.toEpochMilli());
                    statement.setString(2, database);
                    statement.setString(3, holder);
                }) == 1;
    }

    /** Frees the database's lock if {@code holder} still holds it. */
    void unlock(String database, String holder) {
        connection.update("unlock " + database, "DELETE FROM job_locks WHERE database = ? AND holder = ?",
                strings(database, holder));
    }

    /**
     * Frees the database's lock if a holder of {@code process} ({@code host:pid}, the start of each of its
     * holders' names) holds it; true when it did.
     */
    boolean unlockProcess(String database, String process) {
        String prefix = process + ":";
        return connection.update("unlock " + database,
                "DELETE FROM job_locks WHERE database = ? AND substr(holder, 1, ?) = ?", statement -> {
                    statement.setString(1, database);
                    statement.setInt(2, prefix.length());
                    statement.setString(3, prefix);
                }) == 1;
    }

    /** The lock on {@code database} whose lease still runs at {@code now}. */
    Optional<JobLock> find(String database, Instant now) {
        return connection.select("read the lock of " + database,
                "SELECT database, job, holder, acquired_at, expires_at FROM job_locks WHERE database = ?"
                        + " AND expires_at > ?", statement -> {
                    statement.setString(1, database);
                    statement.setLong(2, now.toEpochMilli());
                }, row -> new JobLock(row.getString(1), row.getString(2), row.getString(3),
                        Instant.ofEpochMilli(row.getLong(4)), Instant.ofEpochMilli(row.getLong(5))))
                .stream().findFirst();
    }
}
