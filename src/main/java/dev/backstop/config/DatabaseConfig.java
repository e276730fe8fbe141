package dev.backstop.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One database that Backstop backs up: the engine-neutral settings, and its engine's own
 * {@code settings} (such as a SQLite path or a PostgreSQL URL). {@code keepPreRestore} is how long
 * the copies restores set aside are kept. {@code operators} overrides {@code slack.operators} for this
 * database when not empty; {@code restoreTargets} are the only places a chat {@code --to} may name
 * (exact paths or URLs, or folders ending in {@code /}).
 */
public record DatabaseConfig(String name, EngineSettings settings, boolean production, String schedule,
                             Duration freshness, RetentionPolicy retention, Duration keepPreRestore,
                             Optional<DrillConfig> drill, String alertsChannel, List<String> operators,
                             List<String> restoreTargets) {

    /** How long a restore's pre-restore safety copy is kept when {@code keep_pre_restore} is not set. */
    public static final Duration KEEP_PRE_RESTORE = Duration.ofDays(7);

    public DatabaseConfig {
        operators = List.copyOf(operators);
        restoreTargets = List.copyOf(restoreTargets);
    }

    /** A database with no operator override and no chat restore targets. */
    public DatabaseConfig(String name, EngineSettings settings, boolean production, String schedule,
                          Duration freshness, RetentionPolicy retention, Duration keepPreRestore,
                          Optional<DrillConfig> drill, String alertsChannel) {
        this(name, settings, production, schedule, freshness, retention, keepPreRestore, drill, alertsChannel,
                List.of(), List.of());
    }

    /** The engine's config name, such as {@code sqlite}. */
    public String engine() {
        return settings.engine();
    }

    /** This database with {@code drill} as its drill settings. */
    public DatabaseConfig withDrill(Optional<DrillConfig> drill) {
        return new DatabaseConfig(name, settings, production, schedule, freshness, retention, keepPreRestore, drill,
                alertsChannel, operators, restoreTargets);
    }

    /** Who may run backups, restores and drills of this database from chat. */
    public List<String> operatorsOr(List<String> workspaceOperators) {
        return operators.isEmpty() ? workspaceOperators : operators;
    }

    @Override
    public String toString() {
        return "database " + name + " (" + engine() + ")";
    }
}
