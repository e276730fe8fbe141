package dev.backstop.config;

import dev.backstop.core.DatabaseEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * One kind of database as a plug-in: its name, the keys it reads from a database's config section,
 * a strict parser for them, and a factory for the engine. The providers are listed in one registry
 * ({@code engine.Engines}); adding an engine is one provider and one line there.
 */
public interface EngineProvider {

    /** The value of {@code engine:} that selects this provider, such as {@code sqlite}. */
    String name();

    /**
     * The keys this engine reads besides the engine-neutral ones, each with why it applies only here
     * (such as "whose backups wait for the app's lock"), or "" when the name says enough. A key of
     * another engine in this engine's section is refused naming the engine it belongs to.
     */
    Map<String, String> keys();

    /**
     * Reads this engine's keys from {@code section}; throws the {@link ConfigException} that
     * {@link EngineSection#error} makes, naming the key, when one is missing or wrong.
     */
    EngineSettings parse(EngineSection section);

    /**
     * The engine for {@code database}, whose settings this provider parsed. {@code workDir} holds
     * temporary files; {@code clock} stamps the names restores make.
     */
    DatabaseEngine create(DatabaseConfig database, Path workDir, Clock clock);
}
