package dev.backstop.pipeline;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import java.util.Optional;

/**
 * The one rule for whether a restore overwrites a production database's live data: it does when it
 * names no target (the database's own location), or when its target is the source of a production
 * database of the same engine, however spelled ({@link dev.backstop.core.DatabaseEngine#isSource}).
 * A source that is gone (a deleted SQLite file) holds nothing to overwrite, so the restore that
 * brings it back is not held up by a safety backup that cannot be taken.
 */
final class LiveTargets {

    private LiveTargets() {
    }

    static Optional<DatabaseConfig> overwrittenProduction(BackstopConfig config, EngineResolver engines,
                                                          String database, String target) {
        DatabaseConfig restored = Databases.require(config, database);
        Optional<DatabaseConfig> live = target == null || target.isBlank()
                ? Optional.of(restored).filter(DatabaseConfig::production)
                : config.databases().values().stream()
                        .filter(DatabaseConfig::production)
                        .filter(candidate -> candidate.engine().equals(restored.engine()))
                        .filter(candidate -> engines.engineFor(candidate).isSource(target))
                        .findFirst();
        return live.filter(candidate -> engines.engineFor(candidate).sourceExists());
    }
}
