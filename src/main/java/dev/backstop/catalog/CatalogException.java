package dev.backstop.catalog;

import java.sql.SQLException;

/** The catalog could not be opened, migrated, read or written. */
public final class CatalogException extends RuntimeException {
    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The first line of what the database said about {@code failure}, without the statement Jdbi adds. */
    static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause != null && !(cause instanceof SQLException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause == null || cause.getMessage() == null ? String.valueOf(failure) : cause.getMessage();
        return message.lines().map(String::trim).filter(line -> !line.isEmpty()).findFirst().orElse(message);
    }
}
