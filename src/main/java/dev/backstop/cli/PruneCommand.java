package dev.backstop.cli;

import dev.backstop.config.DatabaseConfig;
import dev.backstop.core.BackupRecord;
import dev.backstop.schedule.RetentionPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code backstop prune DB [--dry-run]}: applies the retention policy, or shows what it would do. */
@Command(name = "prune", description = "Delete backups that the retention policy no longer keeps (--dry-run to preview).")
final class PruneCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCli root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DB", description = "Database name from the config.")
    String database;

    @Option(names = "--dry-run", description = "Show what would be kept and pruned; delete nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws IOException {
        try (Services services = root.services()) {
            DatabaseConfig settings = services.restores().resolveDatabase(database);
            PrintWriter out = spec.commandLine().getOut();
            if (dryRun) {
                RetentionPlan plan = services.pruner().plan(settings);
                Table table = new Table("ID", "ACTION", "WHY");
                plan.keep().forEach((backup, reasons) -> table.row(backup.id(), "keep", String.join(", ", reasons)));
                plan.prune().forEach(backup -> table.row(backup.id(), "prune", "no rule keeps it"));
                table.print(out);
                out.println(plan.keep().size() + " kept, " + plan.prune().size() + " would be pruned (dry run)");
            } else {
                List<BackupRecord> pruned = services.pruner().prune(settings, root.actor());
                pruned.forEach(backup -> out.println("pruned " + backup.id()));
                out.println(pruned.size() + " pruned");
            }
            out.flush();
            return 0;
        }
    }
}
