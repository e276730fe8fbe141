package dev.backstop.schedule;

import dev.backstop.catalog.Catalog;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.Durations;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.DrillRecord;
import dev.backstop.core.OpenAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One database's health at a glance: newest good backup against freshness, size trend, last drill, the
 * open alerts (those {@code serve} posted), and {@code alertsNow}: the alert conditions that hold at the
 * moment asked, as {@link CurrentAlerts} judges them (without the storage probe, the monitor's alone).
 */
public record DatabaseStatus(DatabaseConfig database, Optional<BackupRecord> lastGood, Optional<Duration> age,
                             String state, Optional<SizeTrend> trend, Optional<DrillRecord> lastDrill,
                             List<String> openAlerts, List<String> alertsNow) {

    /** The newest backups the size trend is judged from. */
    private static final int TREND_BACKUPS = 20;

    /** The status of every configured database, in config order, read from the catalog in a few statements. */
    public static List<DatabaseStatus> of(BackstopConfig config, Catalog catalog, Instant now) {
        List<OpenAlert> alerts = catalog.openAlerts();
        Map<String, DatabaseHistory> histories = DatabaseHistory.of(catalog, config.databases().keySet());
        AlertConditions conditions = new AlertConditions(catalog, config.alerts().sizeAnomalyPercent());
        List<DatabaseStatus> statuses = new ArrayList<>();
        for (DatabaseConfig database : config.databases().values()) {
            DatabaseHistory history = histories.get(database.name());
            Optional<BackupRecord> last = history.lastGood();
            Optional<Duration> age = last.map(backup -> Duration.between(backup.createdAt(), now));
            String state = age.map(found -> found.compareTo(database.freshness()) > 0 ? "stale" : "fresh").orElse("never");
            statuses.add(new DatabaseStatus(database, last, age, state, SizeTrend.of(history.newest(TREND_BACKUPS)),
                    history.lastDrill(),
                    alerts.stream().filter(alert -> alert.database().equals(database.name())).map(OpenAlert::kind).toList(),
                    List.copyOf(conditions.evaluate(database, history, now).keySet())));
        }
        return statuses;
    }

    /** The last drill for people: {@code passed 3d ago}, {@code FAILED 2h ago} or {@code -}. */
    public String drillLabel(Instant now) {
        return lastDrill.map(drill -> (drill.passed() ? "passed " : "FAILED ")
                + Durations.format(Duration.between(drill.startedAt(), now)) + " ago").orElse("-");
    }
}
