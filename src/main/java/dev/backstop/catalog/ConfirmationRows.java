package dev.backstop.catalog;

import java.time.Instant;
import java.util.Optional;

/**
 * The confirmations table: what a Confirm button stands for, by its token, so the replica that gets the
 * click need not be the one that showed the button. Taking one deletes it: exactly one caller gets it.
 */
final class ConfirmationRows {

    private final CatalogConnection connection;

    ConfirmationRows(CatalogConnection connection) {
        this.connection = connection;
    }

    /** Stores {@code payload} under {@code token} until {@code until}; drops the ones expired at {@code now}. */
    void save(String token, String payload, Instant now, Instant until) {
        connection.update("forget expired confirmations", "DELETE FROM confirmations WHERE expires_at <= ?",
                statement -> statement.setLong(1, now.toEpochMilli()));
        connection.update("save a confirmation", "INSERT INTO confirmations (token, payload, expires_at)"
                + " VALUES (?,?,?)", statement -> {
                    statement.setString(1, token);
                    statement.setString(2, payload);
                    statement.setLong(3, until.toEpochMilli());
                });
    }

    /** The payload under {@code token} while it has not expired at {@code now}, left in place. */
    Optional<String> find(String token, Instant now) {
        return connection.select("read a confirmation",
                "SELECT payload FROM confirmations WHERE token = ? AND expires_at > ?", statement -> {
                    statement.setString(1, token);
                    statement.setLong(2, now.toEpochMilli());
                }, row -> row.getString(1)).stream().findFirst();
    }

    /** Deletes the confirmation under {@code token} and returns its payload, to the one caller whose delete took it. */
    Optional<String> take(String token, Instant now) {
        Optional<String> payload = find(token, now);
        if (payload.isEmpty()) {
            return payload;
        }
        int deleted = connection.update("take a confirmation",
                "DELETE FROM confirmations WHERE token = ? AND expires_at > ?", statement -> {
                    statement.setString(1, token);
                    statement.setLong(2, now.toEpochMilli());
                });
        return deleted == 1 ? payload : Optional.empty();
    }
}
