package dev.backstop.cli;

import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.Durations;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.DrillRecord;
import dev.backstop.core.OpenAlert;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code backstop status [--json]}: each database's newest good backup against its freshness limit. */
@Command(name = "status", description = "Show each database's last backup and its age against the freshness limit.")
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
            List<OpenAlert> alerts = services.catalog().openAlerts();
            List<Map<String, Object>> rows = new ArrayList<>();
            Table table = new Table("DATABASE", "ENGINE", "LAST BACKUP", "AGE", "FRESHNESS", "STATE", "SIZE", "LAST DRILL", "ALERTS");
            for (DatabaseConfig database : services.config().databases().values()) {
                Optional<BackupRecord> last = services.catalog().latestSucceeded(database.name());
                Duration age = last.map(backup -> Duration.between(backup.createdAt(), now)).orElse(null);
                String state = age == null ? "never" : age.compareTo(database.freshness()) > 0 ? "STALE" : "fresh";
                Optional<DrillRecord> drill = services.catalog().lastDrill(database.name(), false);
                List<String> open = alerts.stream().filter(alert -> alert.database().equals(database.name()))
                        .map(OpenAlert::kind).toList();
                rows.add(asJson(database, last.orElse(null), age, state, drill.orElse(null), open));
                table.row(database.name(), database.engine(), last.map(BackupRecord::id).orElse("-"),
                        age == null ? "-" : Durations.format(age), Durations.format(database.freshness()), state,
                        last.map(backup -> Sizes.human(backup.sizeBytes())).orElse("-"),
                        drill.map(record -> (record.passed() ? "passed " : "FAILED ")
                                + Durations.format(Duration.between(record.startedAt(), now)) + " ago").orElse("-"),
                        open.isEmpty() ? "-" : String.join(",", open));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(rows));
                out.flush();
            } else {
                table.print(out);
            }
            return 0;
        }
    }

    private static Map<String, Object> asJson(DatabaseConfig database, BackupRecord last, Duration age, String state,
                                              DrillRecord drill, List<String> openAlerts) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("database", database.name());
        row.put("engine", database.engine());
        row.put("production", database.production());
        row.put("last_backup", last == null ? null : ListCommand.asJson(last));
        row.put("age_seconds", age == null ? null : age.getSeconds());
        row.put("freshness_seconds", database.freshness().getSeconds());
        row.put("state", state.toLowerCase(java.util.Locale.ROOT));
        if (drill == null) {
            row.put("last_drill", null);
        } else {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("id", drill.id());
            fields.put("passed", drill.passed());
            fields.put("started_at", drill.startedAt());
            fields.put("backup_id", drill.backupId());
            fields.put("duration_ms", drill.durationMs());
            row.put("last_drill", fields);
        }
        row.put("open_alerts", openAlerts);
        return row;
    }
}
