package dev.backstop.schedule;

import dev.backstop.catalog.Catalog;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.Durations;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.DrillRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Decides, from the catalog alone, which alert conditions hold for a database right now. */
final class AlertConditions {

    static final List<String> KINDS = List.of("backup.failed", "backup.stale", "backup.size_anomaly", "drill.failed",
            "drill.overdue", "storage.unreachable");

    private static final int SIZE_HISTORY = 5;

    private final Catalog catalog;
    private final int sizeAnomalyPercent;

    AlertConditions(Catalog catalog, int sizeAnomalyPercent) {
        this.catalog = catalog;
        this.sizeAnomalyPercent = sizeAnomalyPercent;
    }

    /** Kind to message for each condition that holds; kinds that are absent are clear. */
    Map<String, String> evaluate(DatabaseConfig database, Instant now) {
        Map<String, String> holding = new LinkedHashMap<>();
        List<BackupRecord> recent = catalog.list(database.name(), 50);
        recent.stream().filter(backup -> backup.status() != BackupStatus.RUNNING).findFirst()
                .filter(backup -> backup.status() == BackupStatus.FAILED)
                .ifPresent(failed -> holding.put("backup.failed", "backup of " + database.name() + " failed: "
                        + failed.error() + " (" + failed.id() + ")"));
        Optional<BackupRecord> good = catalog.latestSucceeded(database.name());
        if (good.isEmpty()) {
            holding.put("backup.stale", database.name() + " has no successful backup yet");
        } else {
            Duration age = Duration.between(good.get().createdAt(), now);
            if (age.compareTo(database.freshness()) > 0) {
                holding.put("backup.stale", "newest good backup of " + database.name() + " is " + Durations.format(age)
                        + " old, over the " + Durations.format(database.freshness()) + " freshness limit");
            }
        }
        sizeAnomaly(database, recent).ifPresent(message -> holding.put("backup.size_anomaly", message));
        Optional<DrillRecord> lastDrill = catalog.lastDrill(database.name(), false);
        lastDrill.filter(drill -> !drill.passed()).ifPresent(drill -> holding.put("drill.failed",
                "drill " + drill.id() + " of " + database.name() + " failed; evidence at " + drill.evidenceKey()));
        if (database.drill().isPresent() && drillOverdue(database, now)) {
            holding.put("drill.overdue", "no restore drill of " + database.name() + " has passed this month");
        }
        return holding;
    }

    private Optional<String> sizeAnomaly(DatabaseConfig database, List<BackupRecord> recent) {
        List<BackupRecord> succeeded = recent.stream().filter(backup -> backup.status() == BackupStatus.SUCCEEDED).toList();
        if (succeeded.size() < 4) {
            return Optional.empty();
        }
        BackupRecord newest = succeeded.get(0);
        List<Long> sizes = new ArrayList<>(succeeded.subList(1, Math.min(succeeded.size(), SIZE_HISTORY + 1)).stream()
                .map(BackupRecord::rawSizeBytes).sorted().toList());
        double median = sizes.size() % 2 == 1 ? sizes.get(sizes.size() / 2)
                : (sizes.get(sizes.size() / 2 - 1) + sizes.get(sizes.size() / 2)) / 2.0;
        if (median <= 0) {
            return Optional.empty();
        }
        double change = (newest.rawSizeBytes() - median) * 100 / median;
        if (Math.abs(change) <= sizeAnomalyPercent) {
            return Optional.empty();
        }
        return Optional.of(String.format(java.util.Locale.ROOT,
                "backup %s of %s is %d bytes, %.0f%% %s the median %.0f bytes of the %d before it",
                newest.id(), database.name(), newest.rawSizeBytes(), Math.abs(change), change < 0 ? "below" : "above",
                median, sizes.size()));
    }

    private boolean drillOverdue(DatabaseConfig database, Instant now) {
        ZonedDateTime monthStart = now.atZone(ZoneOffset.UTC).withDayOfMonth(1).toLocalDate().atStartOfDay(ZoneOffset.UTC);
        Optional<DrillRecord> passed = catalog.lastDrill(database.name(), true);
        if (passed.isPresent() && !passed.get().startedAt().isBefore(monthStart.toInstant())) {
            return false;
        }
        String schedule = database.drill().orElseThrow().schedule();
        if (schedule.isEmpty()) {
            return true;
        }
        Instant firstRun = Schedule.parse(schedule).next(monthStart.toInstant().minusMillis(1), monthStart.toInstant());
        Instant due = firstRun.plus(database.drill().orElseThrow().rto()).plus(Duration.ofHours(1));
        return !now.isBefore(due);
    }
}
