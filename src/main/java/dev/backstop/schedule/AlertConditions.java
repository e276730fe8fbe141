package dev.backstop.schedule;

import dev.backstop.catalog.Catalog;
import dev.backstop.config.ByteSizes;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.Durations;
import dev.backstop.config.Schedule;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.DrillRecord;
import dev.backstop.core.GoodBackups;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Decides, from the catalog alone, which alert conditions hold for a database right now. */
final class AlertConditions {

    static final List<String> KINDS = List.of("backup.failed", "backup.stale", "backup.size_anomaly", "backup.suspect",
            "drill.failed",
            "drill.overdue", "storage.unreachable");

    private final Catalog catalog;
    private final int sizeAnomalyPercent;

    AlertConditions(Catalog catalog, int sizeAnomalyPercent) {
        this.catalog = catalog;
        this.sizeAnomalyPercent = sizeAnomalyPercent;
    }

    /** Kind to message for each condition that holds; kinds that are absent are clear. */
    Map<String, String> evaluate(DatabaseConfig database, Instant now) {
        return evaluate(database, DatabaseHistory.of(catalog, List.of(database.name())).get(database.name()), now);
    }

    /** As above, judged from {@code history}, the database's rows as read from the catalog. */
    Map<String, String> evaluate(DatabaseConfig database, DatabaseHistory history, Instant now) {
        Map<String, String> holding = new LinkedHashMap<>();
        List<BackupRecord> recent = history.recent();
        recent.stream().filter(backup -> backup.status() != BackupStatus.RUNNING).findFirst()
                .filter(backup -> backup.status() == BackupStatus.FAILED)
                .ifPresent(failed -> holding.put("backup.failed", "backup of " + database.name() + " failed: "
                        + failed.error() + " (" + failed.id() + ")"));
        Optional<BackupRecord> good = history.lastGood();
        if (good.isEmpty()) {
            holding.put("backup.stale", database.name() + " has no successful backup yet");
        } else {
            Duration age = Duration.between(good.get().createdAt(), now);
            if (age.compareTo(database.freshness()) > 0) {
                holding.put("backup.stale", "newest good backup of " + database.name() + " is " + Durations.format(age)
                        + " old, over the " + Durations.format(database.freshness()) + " freshness limit ("
                        + good.get().id() + ")");
            }
        }
        sizeAnomaly(database, recent).ifPresent(message -> holding.put("backup.size_anomaly", message));
        good.flatMap(newest -> suspect(database, newest, recent))
                .ifPresent(message -> holding.put("backup.suspect", message));
        Optional<DrillRecord> lastDrill = history.lastDrill();
        lastDrill.filter(drill -> !drill.passed()).ifPresent(drill -> holding.put("drill.failed",
                "drill " + drill.id() + " of " + database.name() + " (backup " + drill.backupId() + ") failed "
                        + failedChecks(drill) + "; evidence at " + drill.evidenceKey()));
        if (database.drill().isPresent() && drillOverdue(database, history.lastPassedDrill(), now)) {
            holding.put("drill.overdue", "no restore drill of " + database.name() + " has passed this month");
        }
        return holding;
    }

    private Optional<String> sizeAnomaly(DatabaseConfig database, List<BackupRecord> recent) {
        return SizeTrend.of(recent)
                .filter(trend -> Math.abs(trend.percentChange()) > sizeAnomalyPercent)
                .map(trend -> String.format(java.util.Locale.ROOT,
                        "backup %s of %s dumped %s, %.0f%% %s the median %s of the %d good backups before it",
                        trend.newest().id(), database.name(), ByteSizes.human(trend.newest().rawSizeBytes()),
                        Math.abs(trend.percentChange()), trend.percentChange() < 0 ? "below" : "above",
                        ByteSizes.human(Math.round(trend.median())), trend.compared()));
    }

    private static String failedChecks(DrillRecord drill) {
        List<String> failed = FailedChecks.of(drill.checksJson());
        return failed.isEmpty() ? "" : "the " + String.join(", ", failed) + " check" + (failed.size() == 1 ? "" : "s");
    }

    /**
     * What is true now that the condition {@code kind} no longer holds for {@code database}, for the
     * recovery alert: the facts that cleared it, not the problem it was.
     */
    String recovered(String kind, DatabaseConfig database, Instant now, String storage) {
        String name = database.name();
        Optional<BackupRecord> good = catalog.latestSucceeded(name);
        Optional<DrillRecord> drill = catalog.lastDrill(name, true);
        return switch (kind) {
            case "backup.stale" -> good.map(backup -> name + " is fresh again: newest good backup is "
                    + Durations.format(Duration.between(backup.createdAt(), now)) + " old, within "
                    + Durations.format(database.freshness()) + " (" + backup.id() + ")")
                    .orElse(name + " no longer needs a fresh backup");
            case "backup.failed" -> good.map(backup -> "backups of " + name + " succeed again: backup " + backup.id()
                    + " succeeded").orElse("the failed backup of " + name + " is no longer the newest");
            case "backup.size_anomaly" -> SizeTrend.of(catalog.list(name, 50)).map(trend -> String.format(
                    java.util.Locale.ROOT, "backup sizes of %s are back in line: backup %s dumped %s, %.0f%% from the"
                            + " median %s", name, trend.newest().id(), ByteSizes.human(trend.newest().rawSizeBytes()),
                    Math.abs(trend.percentChange()), ByteSizes.human(Math.round(trend.median()))))
                    .orElse("backup sizes of " + name + " are back in line");
            case "drill.failed" -> drill.map(passed -> "drills of " + name + " pass again: drill " + passed.id()
                    + " passed").orElse("the failed drill of " + name + " is no longer the last one");
            case "drill.overdue" -> drill.map(passed -> "a restore drill of " + name + " passed this month: drill "
                    + passed.id()).orElse(name + " no longer needs a drill this month");
            case "storage.unreachable" -> "storage " + storage + " is reachable again";
            default -> kind + " no longer holds for " + name;
        };
    }

    /** Holds while the newest succeeded backup's dump is under 10% of the last good one's before it. */
    private static Optional<String> suspect(DatabaseConfig database, BackupRecord newest, List<BackupRecord> recent) {
        return GoodBackups.suspicion(newest, recent);
    }

    private static boolean drillOverdue(DatabaseConfig database, Optional<DrillRecord> passed, Instant now) {
        ZonedDateTime monthStart = now.atZone(ZoneOffset.UTC).withDayOfMonth(1).toLocalDate().atStartOfDay(ZoneOffset.UTC);
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
