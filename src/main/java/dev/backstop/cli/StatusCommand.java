package dev.backstop.cli;

import dev.backstop.approval.ApprovalRequest;
import dev.backstop.approval.ApprovalState;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.Durations;
import dev.backstop.core.BackupRecord;
import dev.backstop.schedule.DatabaseStatus;
import dev.backstop.schedule.SizeTrend;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backstop status [--json]}: each database's newest good backup against its freshness limit, then
 * the restore requests that need people (waiting for votes, restoring, or failed in the last day).
 */
@Command(name = "status", description = "Show each database's last backup and its age against the freshness limit,"
        + " and the restore requests waiting for votes, running, or failed in the last day.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public Integer call() {
        try (Services services = root.services()) {
            Instant now = services.clock().instant();
            services.catalog().failAbandoned(now);
            List<Map<String, Object>> rows = new ArrayList<>();
            Table table = new Table("DATABASE", "ENGINE", "LAST BACKUP", "AGE", "FRESHNESS", "STATE", "SIZE", "TREND",
                    "LAST DRILL", "ALERTS");
            List<ApprovalRequest> requests = services.approvals().needingAttention();
            for (DatabaseStatus status : DatabaseStatus.of(services.config(), services.catalog(), now)) {
                DatabaseConfig database = status.database();
                Map<String, Object> row = asJson(status);
                row.put("requests", requests.stream().filter(request -> request.database().equals(database.name()))
                        .map(StatusCommand::asJson).toList());
                rows.add(row);
                table.row(database.name(), database.engine(), status.lastGood().map(StatusCommand::idAndLabel).orElse("-"),
                        status.age().map(Durations::format).orElse("-"), Durations.format(database.freshness()),
                        status.state().equals("stale") ? "STALE" : status.state(),
                        status.lastGood().map(backup -> Sizes.human(backup.sizeBytes())).orElse("-"),
                        status.trend().map(SizeTrend::label).orElse("-"), status.drillLabel(now),
                        status.openAlerts().isEmpty() ? "-" : String.join(",", status.openAlerts()));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(rows));
            } else {
                table.print(out);
                RequestTable.of(requests, now).ifPresent(listed -> {
                    out.println();
                    listed.print(out);
                });
            }
            out.flush();
            return 0;
        }
    }

    private static String idAndLabel(BackupRecord backup) {
        return backup.label().isEmpty() ? backup.id() : backup.id() + " (" + backup.label() + ")";
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
        fields.put("target", request.target().isEmpty() ? null : request.shownTarget());
        fields.put("requester", request.requester());
        fields.put("state", RequestTable.state(request));
        fields.put("state_since", request.stateSince());
        fields.put("approved_by", request.approvedBy());
        fields.put("approvals_required", ApprovalRequest.REQUIRED_APPROVALS);
        fields.put("expires_at", request.state() == ApprovalState.REQUESTED ? request.expiresAt() : null);
        fields.put("heartbeat_at", request.state() == ApprovalState.APPROVED ? request.heartbeatAt() : null);
        fields.put("error", request.error().isEmpty() ? null : request.error());
        return fields;
    }
}
