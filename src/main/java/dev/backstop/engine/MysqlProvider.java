package dev.backstop.engine;

import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.EngineProvider;
import dev.backstop.config.EngineSection;
import dev.backstop.config.EngineSettings;
import dev.backstop.core.DatabaseEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** {@code engine: mysql} (MySQL and MariaDB): {@code url} ({@code mysql://USER@HOST:PORT/DB}) and {@code password}. */
public final class MysqlProvider implements EngineProvider {

    static final String NAME = "mysql";

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
        try {
            MysqlUrl.parse(url);
        } catch (IllegalArgumentException invalid) {
            throw section.error("url", "must be mysql://USER@HOST:PORT/DB (" + invalid.getMessage() + ")");
        }
        return new MysqlSettings(url, section.string("password", ""));
    }

    @Override
    public DatabaseEngine create(DatabaseConfig database, Path workDir, Clock clock) {
        MysqlSettings settings = (MysqlSettings) database.settings();
        return new MysqlEngine(settings.url(), settings.password(), workDir, clock);
    }
}
