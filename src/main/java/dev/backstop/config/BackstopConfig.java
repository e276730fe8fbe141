package dev.backstop.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The whole validated configuration of one Backstop instance; {@code catalog} is where its catalog lives. */
public record BackstopConfig(Path file, CatalogLocation catalog, StorageConfig storage, EncryptionConfig encryption,
                             SlackSettings slack, int httpPort, Map<String, DatabaseConfig> databases,
                             AlertsConfig alerts, SchedulerSettings scheduler, HttpAccess http) {

    /** A config whose HTTP server listens on this machine only, without basic auth. */
    public BackstopConfig(Path file, CatalogLocation catalog, StorageConfig storage, EncryptionConfig encryption,
                          SlackSettings slack, int httpPort, Map<String, DatabaseConfig> databases,
                          AlertsConfig alerts, SchedulerSettings scheduler) {
        this(file, catalog, storage, encryption, slack, httpPort, databases, alerts, scheduler, HttpAccess.DEFAULTS);
    }

    /** A config with default scheduler settings. */
    public BackstopConfig(Path file, CatalogLocation catalog, StorageConfig storage, EncryptionConfig encryption,
                          SlackSettings slack, int httpPort, Map<String, DatabaseConfig> databases,
                          AlertsConfig alerts) {
        this(file, catalog, storage, encryption, slack, httpPort, databases, alerts, SchedulerSettings.DEFAULTS);
    }

    /** A config with default alert settings. */
    public BackstopConfig(Path file, CatalogLocation catalog, StorageConfig storage, EncryptionConfig encryption,
                          SlackSettings slack, int httpPort, Map<String, DatabaseConfig> databases) {
        this(file, catalog, storage, encryption, slack, httpPort, databases, AlertsConfig.DEFAULTS);
    }

    public BackstopConfig {
        databases = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(databases));
    }

    public Optional<DatabaseConfig> database(String name) {
        return Optional.ofNullable(databases.get(name));
    }

    /** Who may run backups, restores and drills of {@code database} from chat. */
    public java.util.List<String> operatorsOf(DatabaseConfig database) {
        return database.operatorsOr(slack.defaultOperators());
    }
}
