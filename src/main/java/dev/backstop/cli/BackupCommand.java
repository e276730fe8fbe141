package dev.backstop.cli;

import dev.backstop.core.BackupRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code backstop backup DB [--label L]}: takes a backup now and prints its id. */
@Command(name = "backup", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Take a backup now and print its id.")
final class BackupCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCli root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DB", description = "Database name from the config.")
    String database;

    @Option(names = "--label", paramLabel = "L", defaultValue = "",
            description = "Store this label with the backup; pre-restore is kept for keep_pre_restore.")
    String label;

    @Override
    public Integer call() {
        try (Services services = root.services()) {
            DatabaseArgument.require(services, spec, database);
            BackupRecord backup = TerminalProgress.around(
                    progress -> services.backups().backup(database, root.actor(), label, progress));
            spec.commandLine().getOut().println(backup.id());
            spec.commandLine().getErr().println("backed up " + database + ": " + Sizes.human(backup.sizeBytes())
                    + " stored (" + Sizes.human(backup.rawSizeBytes()) + " dump), sha256 " + backup.sha256().substring(0, 12));
            services.backups().suspicion(backup).ifPresent(why -> spec.commandLine().getErr().println("warning: " + why));
            return 0;
        }
    }
}
