package dev.backstop.cli;

import dev.backstop.core.BackupRecord;
import dev.backstop.services.Services;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code backstop unpin DB ID}: ends the pin or keep-until of a backup, so retention treats it like any other. */
@Command(name = "unpin", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Let retention prune a backup taken with --pin or --keep like any other.")
final class UnpinCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCli root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DB", description = "Database name from the config.")
    String database;

    @Parameters(index = "1", paramLabel = "ID", description = "Backup id, from `backstop list DB`.")
    String id;

    @Override
    public Integer call() {
        try (Services services = root.services()) {
            BackupRecord was = services.pruner().unpin(services.restores().resolveDatabase(database), id,
                    root.actor());
            spec.commandLine().getOut().println("unpinned " + was.id() + " of " + database + " (was " + was.hold()
                    + "); retention applies to it from the next backup or `backstop prune " + database + "`");
            return 0;
        }
    }
}
