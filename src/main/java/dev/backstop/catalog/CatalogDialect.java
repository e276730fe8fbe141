package dev.backstop.catalog;

/** Which database holds the catalog; the SQL is the same for both, only the schema scripts differ. */
public enum CatalogDialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String label;

    CatalogDialect(String label) {
        this.label = label;
    }

    /** How config and docs spell it, and the folder of its schema scripts under {@code db/migration/}. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
