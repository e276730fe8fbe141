package dev.backstop.engine;

import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.EngineProvider;
import dev.backstop.config.EngineSection;
import dev.backstop.config.EngineSettings;
import dev.backstop.core.DatabaseEngine;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** {@code engine: sqlitecloud}: {@code url} (the project's {@code https://} address), {@code database} and {@code api_key}. */
public final class SqliteCloudProvider implements EngineProvider {

    static final String NAME = "sqlitecloud";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> keys() {
        return Map.of("url", "", "database", "whose data lives in SQLite Cloud", "api_key", "whose data lives in SQLite Cloud");
    }

    @Override
    public EngineSettings parse(EngineSection section) {
        String url = section.requiredString("url");
        URI address;
        try {
            address = URI.create(url);
        } catch (IllegalArgumentException invalid) {
            throw section.error("url", "must be https://PROJECT.sqlite.cloud");
        }
        if (address.getHost() == null || !("https".equals(address.getScheme()) || "http".equals(address.getScheme()))
                || address.getRawUserInfo() != null || !(address.getRawPath() == null || address.getRawPath().isEmpty()
                || address.getRawPath().equals("/")) || address.getRawQuery() != null) {
            throw section.error("url", "must be https://PROJECT.sqlite.cloud, without a path, user or key");
        }
        String database = section.requiredString("database");
        if (!SqliteCloudTarget.validName(database)) {
            throw section.error("database", "must be a database name such as games.sqlite (letters, digits, . - _)");
        }
        return new SqliteCloudSettings(url, database, section.requiredString("api_key"));
    }

    @Override
    public DatabaseEngine create(DatabaseConfig database, Path workDir, Clock clock) {
        SqliteCloudSettings settings = (SqliteCloudSettings) database.settings();
        return new SqliteCloudEngine(settings, workDir, clock);
    }
}
