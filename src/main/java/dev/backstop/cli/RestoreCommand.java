package dev.backstop.cli;

import dev.backstop.approval.CliApprovals;
import dev.backstop.approval.ProductionRestore;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.Redaction;
import dev.backstop.pipeline.ProductionTargets;
import dev.backstop.pipeline.RestoreService;
import dev.backstop.services.Services;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backstop restore DB ID|latest [--to TARGET] [--approved-by U1,U2]}. A restore that overwrites
 * a production database (the database itself, or a {@code --to} that resolves to one, relative paths
 * read from the working directory) needs two approvers; any other target is the shell user's choice.
 */
@Command(name = "restore", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Restore a backup, after checking its checksum.")
final class RestoreCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCli root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DB", description = "Database name from the config.")
    String database;

    @Parameters(index = "1", paramLabel = "ID|latest|label:L", description = "Backup id, latest, or the newest"
            + " backup with label L (label:pre-restore undoes the last production restore).")
    String id;

    @Option(names = "--to", paramLabel = "TARGET", description = "Restore here instead of over the database itself.")
    String target;

    @Option(names = "--approved-by", paramLabel = "U1,U2", split = ",",
            description = "Two different approvers; required when the restore overwrites a production database.")
    List<String> approvedBy = List.of();

    @Override
    public Integer call() {
        try (Services services = root.services()) {
            DatabaseConfig settings = DatabaseArgument.require(services, spec, database);
            BackupRecord backup = services.restores().resolve(database, id);
            Optional<DatabaseConfig> production = new ProductionTargets(services.config())
                    .approvalNeeded(settings, target, Path.of("").toAbsolutePath());
            if (production.isPresent()) {
                approve(services, backup, production.get());
            }
            ProductionRestore.Done done = TerminalProgress.around(
                    progress -> services.approvals().restoreApproved(backup, target, root.actor(), progress));
            RestoreService.Restored restored = done.restored();
            spec.commandLine().getOut().println("restored " + database + " backup " + backup.id() + " to "
                    + restored.target() + " in " + dev.backstop.config.Durations.format(restored.took()) + " (integrity and row counts checked)"
                    + restored.setAsideNote()
                    + done.safetyBackup().map(safety -> "; pre-restore backup " + safety.id()).orElse(""));
            return 0;
        }
    }

    private void approve(Services services, BackupRecord backup, DatabaseConfig production) {
        try {
            List<String> approvers = CliApprovals.check(production.name(), !production.name().equals(database),
                    root.actor(), approvedBy,
                    services.config().slack().approvers());
            services.catalog().audit(new AuditEntry(services.clock().instant(), root.actor(), "restore.approve",
                    database, backup.id(), target == null ? "" : Redaction.secrets(target), "approved",
                    "--approved-by " + String.join(",", approvers)));
        } catch (RuntimeException refused) {
            services.catalog().audit(new AuditEntry(services.clock().instant(), root.actor(), "restore.approve",
                    database, backup.id(), target == null ? "" : Redaction.secrets(target), "refused", refused.getMessage()));
            throw refused;
        }
    }
}
