package dev.backstop.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What an {@link EngineProvider} may read of its database's config section: strings, paths resolved
 * against the config file's folder and durations, each error naming the file and the dotted key in
 * the same words as every other config error.
 */
public final class EngineSection {

    private final ConfigNode node;
    private final Path base;

    EngineSection(ConfigNode node, Path base) {
        this.node = node;
        this.base = base;
    }

    /** The database's name, the key of its section under {@code databases}. */
    public String database() {
        String path = node.path();
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** The dotted key of {@code name} here, such as {@code databases.shop.url}. */
    public String key(String name) {
        return node.path() + "." + name;
    }

    public boolean has(String name) {
        return node.has(name);
    }

    /** The value of {@code name}, with {@code ${VAR}} read from the environment; refuses a missing or blank one. */
    public String requiredString(String name) {
        return node.requiredString(name);
    }

    /** The value of {@code name}, or {@code fallback} when it is not set. */
    public String string(String name, String fallback) {
        return node.string(name, fallback);
    }

    /** The required path {@code name}, resolved against the config file's folder. */
    public Path requiredPath(String name) {
        return base.resolve(node.requiredString(name)).normalize();
    }

    /** The positive duration {@code name} (such as {@code 60s}), or {@code fallback} when it is not set. */
    public Duration duration(String name, Duration fallback) {
        return node.parsed(name, fallback, Durations::parse);
    }

    /** The one-line error for {@code name}: "FILE: databases.DB.NAME: message". */
    public ConfigException error(String name, String message) {
        return node.error(key(name), message);
    }
}
