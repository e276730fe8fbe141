package dev.backstop.pipeline;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.core.BackstopException;

/** Looks up configured databases with an error that lists the ones that exist. */
final class Databases {

    private Databases() {
    }

    static DatabaseConfig require(BackstopConfig config, String name) {
        return config.database(name).orElseThrow(() -> new BackstopException("unknown database '" + name
                + "'; configured databases: " + String.join(", ", config.databases().keySet())));
    }
}
