package dev.backstop.cli;

import dev.backstop.core.CheckResult;
import dev.backstop.pipeline.DrillService.DrillReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code backstop drill DB [ID|latest]}: a scored restore drill; prints a JSON summary, exits 1 when it fails. */
@Command(name = "drill", description = "Restore into a scratch target, verify, time and record it; exit 1 if it fails.")
final class DrillCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCli root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DB", description = "Database name from the config.")
    String database;

    @Parameters(index = "1", paramLabel = "ID|latest", defaultValue = "latest", description = "Backup id (default: latest).")
    String id;

    @Override
    public Integer call() {
        try (Services services = root.services()) {
            DrillReport report = TerminalProgress.around(progress -> services.drills().drill(database, id, root.actor(), progress));
            PrintWriter out = spec.commandLine().getOut();
            out.println(Json.write(report.summary()));
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
}
