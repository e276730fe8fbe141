package dev.backstop.cli;

import dev.backstop.config.Durations;
import dev.backstop.core.CheckResult;
import dev.backstop.pipeline.DrillService.DrillReport;
import dev.backstop.services.Services;
import dev.backstop.text.Table;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backstop drill DB [ID|latest] [--json]}: a scored restore drill; prints a summary with one line per
 * check (or JSON for scripts) and exits 1 when it fails.
 */
@Command(name = "drill", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Restore into a scratch target, verify, time and record it; exit 1 if it fails."
                + " Freshness is checked only for a drill of the latest backup.")
final class DrillCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCli root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DB", description = "Database name from the config.")
    String database;

    @Parameters(index = "1", paramLabel = "ID|latest", defaultValue = "latest", description = "Backup id (default: latest).")
    String id;

    @Option(names = "--json", description = "Print the summary as JSON for scripts (drill_id, passed, checks, duration_ms, rto_ms, ...).")
    boolean json;

    @Override
    public Integer call() {
        try (Services services = root.services()) {
            DatabaseArgument.require(services, spec, database);
            DrillReport report = TerminalProgress.around(progress -> services.drills().drill(database, id, root.actor(), progress));
            PrintWriter out = spec.commandLine().getOut();
            out.println(json ? Json.write(report.summary()) : summary(report));
            out.flush();
            if (!report.passed()) {
                CheckResult first = report.checks().stream().filter(check -> !check.passed()).findFirst().orElseThrow();
                spec.commandLine().getErr().println("backstop: drill of " + database + " failed: " + first.name() + ": "
                        + first.detail() + "; see the evidence at " + report.record().evidenceKey());
                spec.commandLine().getErr().flush();
                return 1;
            }
            return 0;
        }
    }

    /** The drill for people: the verdict, then each check with its time. */
    static String summary(DrillReport report) {
        StringBuilder text = new StringBuilder("drill " + report.record().id() + " of " + report.record().database()
                + (report.passed() ? " passed" : " FAILED") + ": backup " + report.backup().id() + ", took "
                + Durations.format(Duration.ofMillis(report.record().durationMs())) + " against an RTO of "
                + Durations.format(Duration.ofMillis(report.record().rtoMs())));
        Table table = new Table("CHECK", "RESULT", "TIME", "DETAIL");
        for (CheckResult check : report.checks()) {
            table.row(check.name(), check.passed() ? "ok" : "FAILED",
                    check.durationMs() > 0 ? Durations.format(Duration.ofMillis(check.durationMs())) : "-", check.detail());
        }
        java.io.StringWriter rows = new java.io.StringWriter();
        table.print(new PrintWriter(rows));
        return text.append('\n').append(rows.toString().stripTrailing()).append("\nevidence: ")
                .append(report.record().evidenceKey()).toString();
    }
}
