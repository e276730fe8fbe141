package dev.backstop.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** One database that Backstop backs up. {@code path} is for sqlite, {@code url} for postgres. */
public record DatabaseConfig(String name, String engine, Path path, String url, String password,
                             boolean production, String schedule, Duration freshness,
                             RetentionPolicy retention, Optional<DrillConfig> drill, String alertsChannel) {

    @Override
    public String toString() {
        return "database " + name + " (" + engine + ")";
    }
}
