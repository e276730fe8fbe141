package dev.backstop.engine;

import dev.backstop.config.EngineSettings;
import dev.backstop.core.RestoreTarget;
import dev.backstop.core.TargetFile;
import java.nio.file.Path;
import java.time.Duration;

/** A SQLite database's own settings: its file, and how long a backup waits for the app's lock. */
public record SqliteSettings(Path path, Duration busyTimeout) implements EngineSettings {

    /** How long a sqlite backup waits for a lock when {@code busy_timeout} is not set. */
    public static final Duration BUSY_TIMEOUT = Duration.ofSeconds(60);

    /** The file at {@code path} with the default busy timeout. */
    public SqliteSettings(Path path) {
        this(path, BUSY_TIMEOUT);
    }

    @Override
    public String engine() {
        return SqliteProvider.NAME;
    }

    @Override
    public RestoreTarget source() {
        return TargetFile.of(path);
    }
}
