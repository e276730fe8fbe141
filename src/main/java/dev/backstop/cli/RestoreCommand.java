package dev.backstop.cli;

import dev.backstop.approval.CliApprovals;
import dev.backstop.approval.ProductionRestore;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.PointInTime;
import dev.backstop.core.Redaction;
import dev.backstop.pipeline.ProductionTargets;
import dev.backstop.pipeline.RestoreService;
import dev.backstop.pipeline.TimeTravel;
import dev.backstop.services.Services;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backstop restore DB ID|latest [--to TARGET] [--approved-by U1,U2]}, or {@code backstop restore DB
 * --at TIME} for engines that put a database back to a past moment in place ({@code PointInTime}). A
 * restore that overwrites a production database (the database itself, or a {@code --to} that resolves to
 * one, relative paths read from the working directory) needs two approvers; any other target is the
 * shell user's choice.
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

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID|latest|label:L", description = "Backup id, latest, or the newest"
            + " backup with label L (label:pre-restore undoes the last production restore).")
    String id;

    @Option(names = "--to", paramLabel = "TARGET", description = "Restore here instead of over the database itself.")
    String target;

    @Option(names = "--at", paramLabel = "TIME", description = "Put the database itself back to how it was at TIME"
            + " (ISO-8601, such as 2026-11-30T09:00:00Z), for engines with point-in-time restores (d1); no backup id.")
    String at;

    @Option(names = "--approved-by", paramLabel = "U1,U2", split = ",",
            description = "Two different approvers; required when the restore overwrites a production database.")
    List<String> approvedBy = List.of();

    @Override
    public Integer call() {
        try (Services services = root.services()) {
            DatabaseConfig settings = DatabaseArgument.require(services, spec, database);
            if (at != null || id == null) {
                return restoreAt(services, settings);
            }
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

    private int restoreAt(Services services, DatabaseConfig settings) {
        if (at == null || id != null || target != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), at == null
                    ? "give a backup id (or latest), or --at TIME" : "--at restores the database itself to a time;"
                    + " give no backup id and no --to");
        }
        Instant when;
        try {
            when = OffsetDateTime.parse(at).toInstant();
        } catch (DateTimeParseException invalid) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--at " + at + " is not an ISO-8601 time;"
                    + " write it like 2026-11-30T09:00:00Z");
        }
        TimeTravel travel = services.restores().timeTravel();
        travel.require(database, when);
        Optional<DatabaseConfig> production = new ProductionTargets(services.config())
                .approvalNeeded(settings, null, Path.of("").toAbsolutePath());
        if (production.isPresent()) {
            approve(services, "", production.get(), "--at " + when);
        }
        PointInTime.Rewound rewound = travel.restore(database, when, root.actor());
        spec.commandLine().getOut().println("restored " + database + " to " + when + " (bookmark " + rewound.bookmark()
                + "); to undo it, restore bookmark " + rewound.previous());
        return 0;
    }

    private void approve(Services services, BackupRecord backup, DatabaseConfig production) {
        approve(services, backup.id(), production, "");
    }

    private void approve(Services services, String backupId, DatabaseConfig production, String what) {
        try {
            List<String> approvers = CliApprovals.check(production.name(), !production.name().equals(database),
                    root.actor(), approvedBy,
                    services.config().slack().approvers());
            services.catalog().audit(new AuditEntry(services.clock().instant(), root.actor(), "restore.approve",
                    database, backupId, target == null ? "" : Redaction.secrets(target), "approved",
                    "--approved-by " + String.join(",", approvers) + (what.isEmpty() ? "" : "; " + what)));
        } catch (RuntimeException refused) {
            services.catalog().audit(new AuditEntry(services.clock().instant(), root.actor(), "restore.approve",
                    database, backupId, target == null ? "" : Redaction.secrets(target), "refused", refused.getMessage()));
            throw refused;
        }
    }
}
