package dev.backstop.config;

import java.time.Duration;
import java.util.List;

/** A database's restore drill: when it runs, its time budget and the checks it must pass. */
public record DrillConfig(String schedule, Duration rto, List<String> requiredTables, List<String> queries,
                          String target) {
    public DrillConfig {
        requiredTables = List.copyOf(requiredTables);
        queries = List.copyOf(queries);
    }
}
