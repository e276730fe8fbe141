package dev.backstop.catalog;

import java.time.Instant;

/**
 * The seen_keys table: keys of a kind (Slack event ids, request signatures) that must be handled once
 * across every process, each remembered until it cannot come back usefully.
 */
final class SeenKeys {

    private final CatalogConnection connection;

    SeenKeys(CatalogConnection connection) {
        this.connection = connection;
    }

    /** Remembers {@code key} of {@code kind} until {@code until}; true for the first caller only, wherever it runs. */
    boolean firstSeen(String kind, String key, Instant now, Instant until) {
        connection.update("forget expired " + kind + " keys", "DELETE FROM seen_keys WHERE expires_at <= ?",
                statement -> statement.setLong(1, now.toEpochMilli()));
        return connection.update("remember a " + kind, "INSERT INTO seen_keys (kind, seen_key, expires_at)"
                + " VALUES (?,?,?) ON CONFLICT (kind, seen_key) DO NOTHING", statement -> {
                    statement.setString(1, kind);
                    statement.setString(2, key);
                    statement.setLong(3, until.toEpochMilli());
                }) == 1;
    }

    /** Forgets {@code key} of {@code kind}, so the next caller is first again. */
    void forget(String kind, String key) {
        connection.update("forget a " + kind, "DELETE FROM seen_keys WHERE kind = ? AND seen_key = ?",
                CatalogConnection.strings(kind, key));
    }
}
