package dev.backstop.metrics;

import dev.backstop.catalog.Catalog;
import dev.backstop.config.BackstopConfig;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Gauges read from the catalog at each scrape: the state now, which may go up or down. */
final class CatalogGauges {

    private CatalogGauges() {
    }

    static void register(BackstopConfig config, Catalog catalog, Clock clock, PrometheusRegistry registry) {
        gauge("backstop_last_success_timestamp_seconds", "Unix time of the newest succeeded backup.")
                .callback(callback -> config.databases().keySet().forEach(database -> catalog
                        .latestSucceeded(database)
                        .ifPresent(backup -> callback.call(backup.createdAt().getEpochSecond(), database))))
                .register(registry);
        gauge("backstop_last_success_age_seconds",
                "Seconds since the newest succeeded backup was taken; +Inf for a database never backed up.")
                .callback(callback -> config.databases().keySet().forEach(database -> callback.call(
                        age(catalog.latestSucceeded(database), clock), database)))
                .register(registry);
        gauge("backstop_last_backup_size_bytes", "Stored size of the newest succeeded backup.")
                .callback(callback -> config.databases().keySet().forEach(database -> catalog
                        .latestSucceeded(database).ifPresent(backup -> callback.call(backup.sizeBytes(), database))))
                .register(registry);
        gauge("backstop_last_drill_success_timestamp_seconds", "Unix time of the newest passing drill.")
                .callback(callback -> config.databases().keySet().forEach(database -> catalog
                        .lastDrill(database, true)
                        .ifPresent(drill -> callback.call(drill.startedAt().getEpochSecond(), database))))
                .register(registry);
        GaugeWithCallback.builder().name("backstop_catalog_backups")
                .help("Backups in the catalog now, by status; pruned and abandoned ones move between statuses.")
                .labelNames("database", "status")
                .callback(callback -> config.databases().keySet().forEach(database -> {
                    Map<String, Long> counts = catalog.countByStatus(database);
                    for (BackupStatus status : BackupStatus.values()) {
                        callback.call(counts.getOrDefault(status.label(), 0L), database, status.label());
                    }
                }))
                .register(registry);
    }

    private static GaugeWithCallback.Builder gauge(String name, String help) {
        return GaugeWithCallback.builder().name(name).help(help).labelNames("database");
    }

    private static double age(Optional<BackupRecord> newest, Clock clock) {
        return newest.map(backup -> Duration.between(backup.createdAt(), clock.instant()).toMillis() / 1000.0)
                .orElse(Double.POSITIVE_INFINITY);
    }
}
