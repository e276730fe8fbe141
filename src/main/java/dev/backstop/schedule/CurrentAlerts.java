package dev.backstop.schedule;

import dev.backstop.catalog.Catalog;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alert conditions that hold for a database at a given moment, judged from the catalog as the
 * monitor judges them, without sending anything; the storage probe is the monitor's alone.
 */
public final class CurrentAlerts {

    private final BackstopConfig config;
    private final Catalog catalog;
    private final AlertConditions conditions;

    public CurrentAlerts(BackstopConfig config, Catalog catalog) {
        this.config = config;
        this.catalog = catalog;
        this.conditions = new AlertConditions(catalog, config.alerts().sizeAnomalyPercent());
    }

    /**
     * The kinds that hold at {@code now} for each configured database, by name in config order, judged
     * from the catalog read for all of them at once.
     */
    public Map<String, List<String>> everyDatabase(Instant now) {
        Map<String, DatabaseHistory> histories = DatabaseHistory.of(catalog, config.databases().keySet());
        Map<String, List<String>> holding = new LinkedHashMap<>();
        for (DatabaseConfig database : config.databases().values()) {
            holding.put(database.name(), List.copyOf(conditions.evaluate(database, histories.get(database.name()), now)
                    .keySet()));
        }
        return holding;
    }

    /** The kinds that hold for {@code database} at {@code now}, such as {@code backup.stale}, in a fixed order. */
    public List<String> of(DatabaseConfig database, Instant now) {
        return List.copyOf(conditions.evaluate(database, now).keySet());
    }
}
