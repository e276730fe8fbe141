package dev.backstop.schedule;

import dev.backstop.catalog.Catalog;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.DrillRecord;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/** The Prometheus text exposition of Backstop's state, read from the catalog for {@code GET /metrics}. */
public final class Metrics {

    private final BackstopConfig config;
    private final Catalog catalog;
    private final LongSupplier unsentSlackMessages;

    public Metrics(BackstopConfig config, Catalog catalog) {
        this(config, catalog, () -> 0);
    }

    /** As above, with the count of Slack messages the bot gave up sending since start-up. */
    public Metrics(BackstopConfig config, Catalog catalog, LongSupplier unsentSlackMessages) {
        this.config = config;
        this.catalog = catalog;
        this.unsentSlackMessages = unsentSlackMessages;
    }

    /** Renders every metric family for every configured database. */
    public String render() {
        Family lastSuccess = family("backstop_last_success_timestamp_seconds", "gauge",
                "Unix time of the newest succeeded backup.");
        Family duration = family("backstop_backup_duration_seconds", "gauge",
                "How long the newest succeeded backup took.");
        Family size = family("backstop_backup_size_bytes", "gauge",
                "Stored size of the newest succeeded backup.");
        Family totals = family("backstop_backups_total", "counter", "Backups recorded, by status.");
        Family drills = family("backstop_last_drill_success_timestamp_seconds", "gauge",
                "Unix time of the newest passing restore drill.");
        for (DatabaseConfig database : config.databases().values()) {
            String label = "database=\"" + escape(database.name()) + "\"";
            Optional<BackupRecord> last = catalog.latestSucceeded(database.name());
            if (last.isPresent()) {
                BackupRecord backup = last.get();
                lastSuccess.sample(label, backup.createdAt().getEpochSecond());
                double seconds = backup.finishedAt() == null ? 0
                        : Duration.between(backup.createdAt(), backup.finishedAt()).toMillis() / 1000.0;
                duration.sample(label, seconds);
                size.sample(label, backup.sizeBytes());
            }
            Map<String, Long> counts = catalog.countByStatus(database.name());
            for (BackupStatus status : BackupStatus.values()) {
                totals.sample(label + ",status=\"" + status.label() + "\"", counts.getOrDefault(status.label(), 0L));
            }
            Optional<DrillRecord> drill = catalog.lastDrill(database.name(), true);
            drill.ifPresent(passed -> drills.sample(label, passed.startedAt().getEpochSecond()));
        }
        Family unsent = family("backstop_slack_messages_unsent_total", "counter",
                "Slack messages (alerts, job results, restore-request cards) not sent after retries, since start-up.");
        unsent.text().append(unsent.name()).append(' ').append(unsentSlackMessages.getAsLong()).append('\n');
        return lastSuccess.text().append(duration.text()).append(size.text()).append(totals.text())
                .append(drills.text()).append(unsent.text()).toString();
    }

    /** One metric family: its name, and its text so far. */
    private record Family(String name, StringBuilder text) {
        void sample(String labels, double value) {
            text.append(name).append('{').append(labels).append("} ")
                    .append(value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.3f", value))
                    .append('\n');
        }
    }

    private static Family family(String name, String type, String help) {
        return new Family(name, new StringBuilder("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n'));
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
