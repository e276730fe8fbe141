package dev.backstop.cli;

import dev.backstop.config.DatabaseConfig;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.PendingUpload;
import dev.backstop.core.SetAside;
import dev.backstop.pipeline.AbandonedUploads;
import dev.backstop.schedule.Pruner;
import dev.backstop.schedule.RetentionPlan;
import dev.backstop.schedule.SetAsideVerdict;
import dev.backstop.services.Services;
import dev.backstop.text.Table;
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
                List<SetAsideVerdict> setAside = pruner.setAside(settings);
                preview(setAside, SetAside.Kind.RESTORING, "RESTORE DATABASE", out);
                preview(setAside, SetAside.Kind.PRE_RESTORE, "PRE-RESTORE DATABASE", out);
            } else {
                List<BackupRecord> pruned = pruner.prune(settings, root.actor());
                pruned.forEach(backup -> out.println("pruned " + backup.id()));
                out.println(pruned.size() + " pruned");
                out.flush();
                List<SetAside> dropped = pruner.dropSetAside(settings, root.actor());
                for (SetAside.Kind kind : SetAside.Kind.values()) {
                    List<SetAside> ofKind = dropped.stream().filter(each -> each.kind() == kind).toList();
                    ofKind.forEach(each -> out.println("dropped " + each.name()));
                    if (!ofKind.isEmpty()) {
                        out.println(ofKind.size() + (kind == SetAside.Kind.RESTORING ? " leftover restore"
                                : " pre-restore") + " databases dropped");
                    }
                }
                out.flush();
                var removed = pruner.removeLeftoverFiles(settings, root.actor());
                removed.forEach(leftover -> out.println("removed leftover " + leftover.file()));
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

    /** Lists the set-aside databases of {@code kind} with what a real run would do; prints nothing when there are none. */
    private static void preview(List<SetAsideVerdict> all, SetAside.Kind kind, String heading, PrintWriter out) {
        List<SetAsideVerdict> verdicts = all.stream().filter(verdict -> verdict.database().kind() == kind).toList();
        if (verdicts.isEmpty()) {
            return;
        }
        Table table = new Table(heading, "ACTION", "WHY");
        verdicts.forEach(verdict -> table.row(verdict.database().name(), verdict.drop() ? "drop" : "keep",
                verdict.why()));
        long drops = verdicts.stream().filter(SetAsideVerdict::drop).count();
        out.println();
        table.print(out);
        out.println((verdicts.size() - drops) + " kept, " + drops + " would be dropped (dry run)");
    }
}
