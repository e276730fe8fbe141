package dev.backstop.engine;

import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.EngineProvider;
import dev.backstop.config.EngineSection;
import dev.backstop.config.EngineSettings;
import dev.backstop.core.DatabaseEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** {@code engine: postgres}: {@code url} ({@code postgresql://USER@HOST:PORT/DB}) and {@code password}. */
public final class PostgresProvider implements EngineProvider {

    static final String NAME = "postgres";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> keys() {
        return Map.of("url", "", "password", "");
    }

    @Override
    public EngineSettings parse(EngineSection section) {
        String url = section.requiredString("url");
        if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
            throw section.error("url", "must start with postgresql://");
        }
        return new PostgresSettings(url, section.string("password", ""));
    }

    @Override
    public DatabaseEngine create(DatabaseConfig database, Path workDir, Clock clock) {
        PostgresSettings settings = (PostgresSettings) database.settings();
        return new PostgresEngine(settings.url(), settings.password(), workDir);
    }
}
