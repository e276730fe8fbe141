package dev.backstop.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One database that Backstop backs up. {@code path} is for sqlite, {@code url} for postgres;
 * {@code keepPreRestore} is how long pre-restore safety copies are kept. {@code operators} overrides
 * {@code slack.operators} for this database when not empty; {@code restoreTargets} are the only
 * places a chat {@code --to} may name (exact paths or URLs, or folders ending in {@code /});
 * {@code busyTimeout} is how long a sqlite backup waits for the app's lock.
 */
public record DatabaseConfig(String name, String engine, Path path, String url, String password,
                             boolean production, String schedule, Duration freshness,
                             RetentionPolicy retention, Duration keepPreRestore, Optional<DrillConfig> drill,
                             String alertsChannel, List<String> operators, List<String> restoreTargets,
                             Duration busyTimeout) {

    /** How long a restore's pre-restore safety copy is kept when {@code keep_pre_restore} is not set. */
    public static final Duration KEEP_PRE_RESTORE = Duration.ofDays(7);

    /** How long a sqlite backup waits for a lock when {@code busy_timeout} is not set. */
    public static final Duration BUSY_TIMEOUT = Duration.ofSeconds(60);

    public DatabaseConfig {
        operators = List.copyOf(operators);
        restoreTargets = List.copyOf(restoreTargets);
    }

    /** A database with no operator override, no chat restore targets and the default busy timeout. */
    public DatabaseConfig(String name, String engine, Path path, String url, String password,
                          boolean production, String schedule, Duration freshness,
                          RetentionPolicy retention, Duration keepPreRestore, Optional<DrillConfig> drill,
                          String alertsChannel) {
        this(name, engine, path, url, password, production, schedule, freshness, retention, keepPreRestore, drill,
                alertsChannel, List.of(), List.of(), BUSY_TIMEOUT);
    }

    /** Who may run backups, restores and drills of this database from chat. */
    public List<String> operatorsOr(List<String> workspaceOperators) {
        return operators.isEmpty() ? workspaceOperators : operators;
    }

    @Override
    public String toString() {
        return "database " + name + " (" + engine + ")";
    }
}
