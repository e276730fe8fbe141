package dev.backstop.cli;

import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.Durations;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.LeftoverRestore;
import dev.backstop.core.PendingUpload;
import dev.backstop.core.PreRestoreCopy;
import dev.backstop.pipeline.AbandonedUploads;
import dev.backstop.schedule.LeftoverVerdict;
import dev.backstop.schedule.Pruner;
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

/**
 * {@code backstop prune DB [--dry-run]}: applies the retention policy, drops the databases that
 * stopped restores left and expired pre-restore databases, and aborts the uploads that backups left
 * in the store; or shows what it would do with backups and databases.
 */
@Command(name = "prune", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Delete backups that the retention policy no longer keeps, drop"
        + " databases that stopped restores left behind and pre-restore databases older than keep_pre_restore,"
        + " abort uploads that backups left in the store (--dry-run to preview).")
final class PruneCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCli root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DB", description = "Database name from the config.")
    String database;

    @Option(names = "--dry-run", description = "Show what would be kept, pruned and dropped; delete nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws IOException {
        try (Services services = root.services()) {
            DatabaseConfig settings = DatabaseArgument.require(services, spec, database);
            PrintWriter out = spec.commandLine().getOut();
            Pruner pruner = services.pruner();
            if (dryRun) {
                RetentionPlan plan = pruner.plan(settings);
                out.println(database + ": " + settings.retention().describe());
                Table table = new Table("ID", "ACTION", "WHY");
                plan.keep().forEach((backup, reasons) -> table.row(backup.id(), "keep", String.join(", ", reasons)));
                plan.prune().forEach(backup -> table.row(backup.id(), "prune", "no rule keeps it"));
                table.print(out);
                out.println(plan.keep().size() + " kept, " + plan.prune().size() + " would be pruned (dry run)");
                previewLeftovers(pruner, settings, out);
                previewCopies(pruner, settings, out);
            } else {
                List<BackupRecord> pruned = pruner.prune(settings, root.actor());
                pruned.forEach(backup -> out.println("pruned " + backup.id()));
                out.println(pruned.size() + " pruned");
                out.flush();
                List<LeftoverRestore> leftovers = pruner.dropLeftoverRestores(settings, root.actor());
                leftovers.forEach(leftover -> out.println("dropped " + leftover.name()));
                if (!leftovers.isEmpty()) {
                    out.println(leftovers.size() + " leftover restore databases dropped");
                }
                out.flush();
                var removed = pruner.removeLeftoverFiles(settings, root.actor());
                removed.forEach(leftover -> out.println("removed leftover " + leftover.file()));
                out.flush();
                List<PreRestoreCopy> dropped = pruner.dropExpiredCopies(settings, root.actor());
                dropped.forEach(copy -> out.println("dropped " + copy.name()));
                if (!dropped.isEmpty()) {
                    out.println(dropped.size() + " pre-restore databases dropped");
                }
                out.flush();
                List<PendingUpload> aborted = new AbandonedUploads(services.store(), services.layout(),
                        services.catalog(), services.clock()).abort(settings, root.actor());
                aborted.forEach(upload -> out.println("aborted upload " + upload.key()));
                if (!aborted.isEmpty()) {
                    out.println(aborted.size() + " abandoned uploads aborted");
                }
            }
            out.flush();
            return 0;
        }
    }

    /** Lists the databases restores loaded into, with what a real run would do; prints nothing if there are none. */
    private static void previewLeftovers(Pruner pruner, DatabaseConfig settings, PrintWriter out) {
        List<LeftoverVerdict> verdicts = pruner.leftoverRestores(settings);
        if (verdicts.isEmpty()) {
            return;
        }
        Table table = new Table("RESTORE DATABASE", "ACTION", "WHY");
        verdicts.forEach(verdict -> table.row(verdict.leftover().name(), verdict.drop() ? "drop" : "keep",
                verdict.why()));
        long drops = verdicts.stream().filter(LeftoverVerdict::drop).count();
        out.println();
        table.print(out);
        out.println((verdicts.size() - drops) + " kept, " + drops + " would be dropped (dry run)");
    }

    /** Lists the database's pre-restore copies with what a real run would do; prints nothing when there are none. */
    private static void previewCopies(Pruner pruner, DatabaseConfig settings, PrintWriter out) {
        List<PreRestoreCopy> copies = pruner.preRestoreCopies(settings);
        if (copies.isEmpty()) {
            return;
        }
        String keep = Durations.format(settings.keepPreRestore());
        Table table = new Table("PRE-RESTORE DATABASE", "ACTION", "WHY");
        int drops = 0;
        for (PreRestoreCopy copy : copies) {
            boolean expired = pruner.expired(settings, copy);
            drops += expired ? 1 : 0;
            table.row(copy.name(), expired ? "drop" : "keep", (expired ? "older than " : "younger than ")
                    + "keep_pre_restore " + keep);
        }
        out.println();
        table.print(out);
        out.println((copies.size() - drops) + " kept, " + drops + " would be dropped (dry run)");
    }
}
