package dev.backstop.cli;

import dev.backstop.pipeline.RestoreService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code backstop verify DB ID|latest}: download, check and decrypt without restoring. */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Download a backup, check its checksums and decrypt it, without restoring.")
final class VerifyCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCli root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DB", description = "Database name from the config.")
    String database;

    @Parameters(index = "1", paramLabel = "ID|latest", description = "Backup id, or latest.")
    String id;

    @Override
    public Integer call() {
        try (Services services = root.services()) {
            DatabaseArgument.require(services, spec, database);
            RestoreService.Verified verified = TerminalProgress.around(
                    progress -> services.restores().verify(services.restores().resolve(database, id), root.actor(), progress));
            spec.commandLine().getOut().println("ok " + verified.backup().id() + ": object sha256 "
                    + verified.backup().sha256().substring(0, 12) + " matches, decrypts to a "
                    + Sizes.human(verified.dumpBytes()) + " dump with the recorded sha256, in "
                    + dev.backstop.config.Durations.format(verified.took()));
            return 0;
        }
    }
}
