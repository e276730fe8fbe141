package dev.backstop.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The whole validated configuration of one Backstop instance. */
public record BackstopConfig(Path file, Path catalog, StorageConfig storage, EncryptionConfig encryption,
                             SlackSettings slack, int httpPort, Map<String, DatabaseConfig> databases,
                             AlertsConfig alerts) {

    /** A config with default alert settings. */
    public BackstopConfig(Path file, Path catalog, StorageConfig storage, EncryptionConfig encryption,
                          SlackSettings slack, int httpPort, Map<String, DatabaseConfig> databases) {
        this(file, catalog, storage, encryption, slack, httpPort, databases, AlertsConfig.DEFAULTS);
    }

    public BackstopConfig {
        databases = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(databases));
    }

    public Optional<DatabaseConfig> database(String name) {
        return Optional.ofNullable(databases.get(name));
    }
}
