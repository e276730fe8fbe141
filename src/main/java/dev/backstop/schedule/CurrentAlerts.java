package dev.backstop.schedule;

import dev.backstop.catalog.Catalog;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import java.time.Instant;
import java.util.List;

/**
 * The alert conditions that hold for a database at a given moment, judged from the catalog as the
 * monitor judges them, without sending anything; the storage probe is the monitor's alone. For every
 * database at once, {@link DatabaseStatus#of} judges them from one batched read.
 */
public final class CurrentAlerts {

    private final AlertConditions conditions;

    public CurrentAlerts(BackstopConfig config, Catalog catalog) {
        this.conditions = new AlertConditions(catalog, config.alerts().sizeAnomalyPercent());
    }

    /** The kinds that hold for {@code database} at {@code now}, such as {@code backup.stale}, in a fixed order. */
    public List<String> of(DatabaseConfig database, Instant now) {
        return List.copyOf(conditions.evaluate(database, now).keySet());
    }
}
