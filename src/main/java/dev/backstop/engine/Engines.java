package dev.backstop.engine;

import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.EngineProvider;
import dev.backstop.core.BackstopException;
import dev.backstop.core.DatabaseEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** The registry of engines: every provider Backstop knows. Adding an engine adds one line here. */
public final class Engines {

    /** Every engine, by provider. */
    public static final List<EngineProvider> ALL = List.of(
            new SqliteProvider(),
            new PostgresProvider(),
            new MysqlProvider(),
            new SqliteCloudProvider(),
            new D1Provider());

    private Engines() {
    }

    /** The engine for {@code database}, made by the provider its {@code engine:} names. */
    public static DatabaseEngine create(DatabaseConfig database, Path workDir, Clock clock) {
        return ALL.stream().filter(provider -> provider.name().equals(database.engine())).findFirst()
                .orElseThrow(() -> new BackstopException("engine " + database.engine() + " is not known; databases."
                        + database.name() + ".engine must be one of " + ALL.stream().map(EngineProvider::name).toList()))
                .create(database, workDir, clock);
    }
}
