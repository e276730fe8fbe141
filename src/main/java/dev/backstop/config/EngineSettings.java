package dev.backstop.config;

import dev.backstop.core.RestoreTarget;

/**
 * The settings one engine reads from its database's config section, such as a SQLite file path or a
 * PostgreSQL URL; each engine has its own record. Implementations are immutable values.
 */
public interface EngineSettings {

    /** The engine's config name, the value of {@code engine:}. */
    String engine();

    /** Where the database itself lives: its file, or its URL (only noting that a password is present). */
    RestoreTarget source();
}
