package dev.backstop.engine;

import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.EngineProvider;
import dev.backstop.config.EngineSection;
import dev.backstop.config.EngineSettings;
import dev.backstop.core.DatabaseEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * {@code engine: postgres}: {@code url} ({@code postgresql://USER@HOST:PORT/DB}), {@code password} and
 * {@code restore_jobs} (pg_restore's {@code -j}, default 2).
 */
public final class PostgresProvider implements EngineProvider {

    static final String NAME = "postgres";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> keys() {
        return Map.of("url", "", "password", "", "restore_jobs", "");
    }

    @Override
    public EngineSettings parse(EngineSection section) {
        String url = section.requiredString("url");
        if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
            throw section.error("url", "must start with postgresql://");
        }
        String jobs = section.string("restore_jobs", Integer.toString(PostgresSettings.DEFAULT_RESTORE_JOBS)).trim();
        int restoreJobs;
        try {
            restoreJobs = Integer.parseInt(jobs);
        } catch (NumberFormatException notANumber) {
            restoreJobs = 0;
        }
        if (restoreJobs < 1 || restoreJobs > 64) {
            throw section.error("restore_jobs", "must be a whole number from 1 to 64 (pg_restore's -j; 1 streams the dump)");
        }
        return new PostgresSettings(url, section.string("password", ""), restoreJobs);
    }

    @Override
    public DatabaseEngine create(DatabaseConfig database, Path workDir, Clock clock) {
        PostgresSettings settings = (PostgresSettings) database.settings();
        return new PostgresEngine(settings.url(), settings.password(), workDir, clock, settings.restoreJobs());
    }
}
