package dev.backstop.catalog;

/** The catalog file could not be opened, migrated, read or written. */
public final class CatalogException extends RuntimeException {
    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
