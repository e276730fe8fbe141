package dev.backstop.pipeline;

import dev.backstop.config.DatabaseConfig;
import dev.backstop.core.DatabaseEngine;

/** Gives the engine that serves a configured database; the wiring supplies the implementations. */
@FunctionalInterface
public interface EngineResolver {
    DatabaseEngine engineFor(DatabaseConfig database);
}
