package dev.backstop.cli;

import dev.backstop.approval.ApprovalRequest;
import dev.backstop.approval.ApprovalState;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.DrillConfig;
import dev.backstop.config.Durations;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.DrillRecord;
import dev.backstop.core.OpenAlert;
import dev.backstop.core.Redaction;
import dev.backstop.schedule.DatabaseStatus;
import dev.backstop.services.Services;
import dev.backstop.text.RequestTable;
import dev.backstop.text.Sizes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data of {@code status --json} and, with each database's history added, of the status page and
 * {@code GET /api/status}. Nothing secret goes in: no database URLs or passwords, restore targets and
 * error texts only through {@link Redaction}.
 */
public final class StatusReport {

    /** How many of each database's newest backups the page charts. */
    public static final int CHARTED_BACKUPS = 90;

    /** How many of each database's newest drills the page lists. */
    public static final int LISTED_DRILLS = 10;

    private StatusReport() {
    }

    /** The rows of {@code status --json}: one a database, with the restore requests that need people. */
    static List<Map<String, Object>> rows(List<DatabaseStatus> statuses, List<ApprovalRequest> requests) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DatabaseStatus status : statuses) {
            Map<String, Object> row = asJson(status);
            row.put("requests", requests.stream().filter(request -> request.database().equals(status.database().name()))
                    .map(StatusReport::asJson).toList());
            rows.add(row);
        }
        return rows;
    }

    /**
     * What the status page shows, as JSON text: the {@code status --json} rows, each with its last
     * {@value #CHARTED_BACKUPS} backups (oldest first), last {@value #LISTED_DRILLS} drills and open alerts,
     * and words for people beside the numbers.
     */
    public static String page(Services services) {
        Instant now = services.clock().instant();
        List<DatabaseStatus> statuses = DatabaseStatus.of(services.config(), services.catalog(), now);
        List<Map<String, Object>> rows = rows(statuses, services.approvals().needingAttention());
        List<OpenAlert> alerts = services.catalog().openAlerts();
        java.util.Set<String> names = services.config().databases().keySet();
        Map<String, List<BackupRecord>> charted = services.catalog().listEach(names, CHARTED_BACKUPS);
        Map<String, List<DrillRecord>> drills = services.catalog().drillsEach(names, LISTED_DRILLS);
        for (int index = 0; index < rows.size(); index++) {
            DatabaseStatus status = statuses.get(index);
            String name = status.database().name();
            Map<String, Object> row = rows.get(index);
            row.put("age_text", status.age().map(Durations::format).orElse(null));
            row.put("freshness_text", Durations.format(status.database().freshness()));
            row.put("last_backup_size_text", status.lastGood().map(backup -> Sizes.human(backup.sizeBytes())).orElse(null));
            row.put("drill_rto_seconds", status.database().drill().map(DrillConfig::rto).map(Duration::getSeconds)
                    .orElse(null));
            List<BackupRecord> backups = new ArrayList<>(charted.get(name));
            java.util.Collections.reverse(backups);
            row.put("backups", backups.stream().map(StatusReport::charted).toList());
            row.put("drills", drills.get(name).stream().map(StatusReport::listed).toList());
            row.put("alerts", alerts.stream().filter(alert -> alert.database().equals(name))
                    .map(alert -> asJson(alert, now)).toList());
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("generated_at", now);
        page.put("databases", rows);
        return Json.write(page);
    }

    private static Map<String, Object> asJson(DatabaseStatus status) {
        DatabaseConfig database = status.database();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("database", database.name());
        row.put("engine", database.engine());
        row.put("production", database.production());
        row.put("last_backup", status.lastGood().map(ListCommand::asJson).orElse(null));
        row.put("age_seconds", status.age().map(Duration::getSeconds).orElse(null));
        row.put("freshness_seconds", database.freshness().getSeconds());
        row.put("state", status.state());
        row.put("size_trend_percent", status.trend().map(trend -> Math.round(trend.percentChange())).orElse(null));
        row.put("last_drill", status.lastDrill().map(drill -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("id", drill.id());
            fields.put("passed", drill.passed());
            fields.put("started_at", drill.startedAt());
            fields.put("backup_id", drill.backupId());
            fields.put("duration_ms", drill.durationMs());
            return fields;
        }).orElse(null));
        row.put("open_alerts", status.openAlerts());
        return row;
    }

    private static Map<String, Object> asJson(ApprovalRequest request) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", request.id());
        fields.put("backup_id", request.backupId());
        fields.put("restore_at", request.restoreAt());
        fields.put("bookmark", request.bookmark());
        fields.put("target", request.target().isEmpty() ? null : request.shownTarget());
        fields.put("requester", request.requester());
        fields.put("state", RequestTable.state(request));
        fields.put("state_since", request.stateSince());
        fields.put("approved_by", request.approvedBy());
        fields.put("approvals_required", ApprovalRequest.REQUIRED_APPROVALS);
        fields.put("expires_at", request.state() == ApprovalState.REQUESTED ? request.expiresAt() : null);
        fields.put("heartbeat_at", request.state() == ApprovalState.APPROVED ? request.heartbeatAt() : null);
        fields.put("error", request.error().isEmpty() ? null : Redaction.secrets(request.error()));
        return fields;
    }

    private static Map<String, Object> charted(BackupRecord backup) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", backup.id());
        fields.put("created_at", backup.createdAt());
        fields.put("status", backup.status().label());
        fields.put("label", backup.label());
        fields.put("size_bytes", backup.sizeBytes());
        fields.put("size_text", Sizes.human(backup.sizeBytes()));
        Long durationMs = backup.finishedAt() == null ? null
                : Duration.between(backup.createdAt(), backup.finishedAt()).toMillis();
        fields.put("duration_ms", durationMs);
        fields.put("duration_text", durationMs == null ? null : took(durationMs));
        fields.put("error", backup.error().isEmpty() ? null : Redaction.secrets(backup.error()));
        return fields;
    }

    private static Map<String, Object> listed(DrillRecord drill) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", drill.id());
        fields.put("started_at", drill.startedAt());
        fields.put("backup_id", drill.backupId());
        fields.put("passed", drill.passed());
        fields.put("duration_ms", drill.durationMs());
        fields.put("rto_ms", drill.rtoMs());
        fields.put("within_rto", drill.rtoMs() <= 0 || drill.durationMs() <= drill.rtoMs());
        fields.put("duration_text", took(drill.durationMs()));
        fields.put("rto_text", drill.rtoMs() <= 0 ? null : Durations.format(Duration.ofMillis(drill.rtoMs())));
        return fields;
    }

    /** How long a backup or drill took, for people: {@code 840 ms} below a second, else as {@link Durations#format}. */
    public static String took(long millis) {
        return millis < 1000 ? Math.max(0, millis) + " ms" : Durations.format(Duration.ofMillis(millis));
    }

    private static Map<String, Object> asJson(OpenAlert alert, Instant now) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("kind", alert.kind());
        fields.put("opened_at", alert.openedAt());
        fields.put("open_for_text", Durations.format(Duration.between(alert.openedAt(), now)));
        fields.put("message", Redaction.secrets(alert.message()));
        return fields;
    }
}
