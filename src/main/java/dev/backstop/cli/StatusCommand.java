package dev.backstop.cli;

import dev.backstop.approval.ApprovalRequest;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.Durations;
import dev.backstop.core.BackupRecord;
import dev.backstop.schedule.DatabaseStatus;
import dev.backstop.schedule.SizeTrend;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
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
            Table table = new Table("DATABASE", "ENGINE", "LAST BACKUP", "AGE", "FRESHNESS", "STATE", "SIZE", "TREND",
                    "LAST DRILL", "ALERTS");
            List<ApprovalRequest> requests = services.approvals().needingAttention();
            List<DatabaseStatus> statuses = DatabaseStatus.of(services.config(), services.catalog(), now);
            for (DatabaseStatus status : statuses) {
                DatabaseConfig database = status.database();
                table.row(database.name(), database.engine(), status.lastGood().map(BackupRecord::id).orElse("-"),
                        status.age().map(Durations::format).orElse("-"), Durations.format(database.freshness()),
                        status.state().equals("stale") ? "STALE" : status.state(),
                        status.lastGood().map(backup -> Sizes.human(backup.sizeBytes())).orElse("-"),
                        status.trend().map(SizeTrend::label).orElse("-"), status.drillLabel(now),
                        status.openAlerts().isEmpty() ? "-" : String.join(",", status.openAlerts()));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(StatusReport.rows(statuses, requests)));
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
}
