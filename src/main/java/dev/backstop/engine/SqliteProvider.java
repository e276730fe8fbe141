package dev.backstop.engine;

import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.EngineProvider;
import dev.backstop.config.EngineSection;
import dev.backstop.config.EngineSettings;
import dev.backstop.core.DatabaseEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** {@code engine: sqlite}: {@code path} (relative to the config file) and {@code busy_timeout}. */
public final class SqliteProvider implements EngineProvider {

    static final String NAME = "sqlite";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> keys() {
        return Map.of("path", "whose data is one file", "busy_timeout", "whose backups wait for the app's lock");
    }

    @Override
    public EngineSettings parse(EngineSection section) {
        return new SqliteSettings(section.requiredPath("path"),
                section.duration("busy_timeout", SqliteSettings.BUSY_TIMEOUT));
    }

    @Override
    public DatabaseEngine create(DatabaseConfig database, Path workDir, Clock clock) {
        SqliteSettings settings = (SqliteSettings) database.settings();
        return new SqliteEngine(settings.path(), workDir, settings.busyTimeout(), clock);
    }
}
