package dev.backstop.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One database that Backstop backs up. {@code path} is for sqlite, {@code url} for postgres;
 * {@code keepPreRestore} is how long prune keeps the databases that postgres restores set aside.
 */
public record DatabaseConfig(String name, String engine, Path path, String url, String password,
                             boolean production, String schedule, Duration freshness,
                             RetentionPolicy retention, Duration keepPreRestore, Optional<DrillConfig> drill,
                             String alertsChannel) {

    /** How long a restore's {@code <db>_pre_restore_<stamp>} copy is kept when {@code keep_pre_restore} is not set. */
    public static final Duration KEEP_PRE_RESTORE = Duration.ofDays(7);

    @Override
    public String toString() {
        return "database " + name + " (" + engine + ")";
    }
}
