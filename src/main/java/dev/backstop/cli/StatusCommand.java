package dev.backstop.cli;

import dev.backstop.approval.ApprovalRequest;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.Durations;
import dev.backstop.core.BackupRecord;
import dev.backstop.schedule.DatabaseStatus;
import dev.backstop.schedule.SizeTrend;
import dev.backstop.services.Services;
import dev.backstop.text.RequestTable;
import dev.backstop.text.Sizes;
import dev.backstop.text.StatusLegend;
import dev.backstop.text.Table;
import java.io.PrintWriter;
import java.time.Instant;
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
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Show each database's last backup and its age against the freshness limit, its dump size and"
                + " trend, the last drill, the alert conditions that hold now, and the restore requests waiting for"
                + " votes, running, or failed in the last day.",
                "DUMP is the newest good backup's dump size; TREND compares it with the median of the five good"
                        + " backups before it. ALERTS are evaluated when status runs."})
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
            Map<String, List<String>> holdingNow = new java.util.LinkedHashMap<>();
            Table table = new Table("DATABASE", "ENGINE", "LAST BACKUP", "AGE", "FRESHNESS", "STATE", "DUMP", "TREND",
                    "LAST DRILL", "ALERTS");
            List<ApprovalRequest> requests = services.approvals().needingAttention();
            List<DatabaseStatus> statuses = DatabaseStatus.of(services.config(), services.catalog(), now);
            for (DatabaseStatus status : statuses) {
                DatabaseConfig database = status.database();
                List<String> holding = status.alertsNow();
                holdingNow.put(database.name(), holding);
                table.row(database.name(), database.engine(), status.lastGood().map(StatusCommand::idAndLabel).orElse("-"),
                        status.age().map(Durations::format).orElse("-"), Durations.format(database.freshness()),
                        status.state().equals("stale") ? "STALE" : status.state(),
                        status.lastGood().map(backup -> Sizes.human(backup.rawSizeBytes())).orElse("-"),
                        status.trend().map(SizeTrend::label).orElse("-"), status.drillLabel(now),
                        holding.isEmpty() ? "-" : String.join(",", holding));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                List<Map<String, Object>> rows = StatusReport.rows(statuses, requests);
                for (Map<String, Object> row : rows) {
                    row.put("alerts_now", holdingNow.get((String) row.get("database")));
                    row.put("alerts_evaluated_at", now);
                }
                out.println(Json.write(rows));
            } else {
                table.print(out);
                out.println(StatusLegend.text(now));
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
}
