package dev.backstop.cli;

import dev.backstop.config.Durations;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.KeepRule;
import dev.backstop.services.Services;
import dev.backstop.text.Sizes;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code backstop backup DB [--label L] [--keep DURATION | --pin]}: takes a backup now and prints its id. */
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

    @ArgGroup(exclusive = true)
    Hold hold;

    /** At most one of --keep and --pin. */
    static final class Hold {
        @Option(names = "--keep", paramLabel = "DURATION", required = true,
                description = "Keep this backup past retention for DURATION (e.g. 30d) from now.")
        String keep;

        @Option(names = "--pin", required = true, description = "Keep this backup until `backstop unpin DB ID`.")
        boolean pin;
    }

    @Override
    public Integer call() {
        KeepRule keep = keepRule();
        try (Services services = root.services()) {
            DatabaseArgument.require(services, spec, database);
            BackupRecord backup = TerminalProgress.around(
                    progress -> services.backups().backup(database, root.actor(), label, keep, progress));
            spec.commandLine().getOut().println(backup.id());
            spec.commandLine().getErr().println("backed up " + database + ": " + Sizes.human(backup.sizeBytes())
                    + " stored (" + Sizes.human(backup.rawSizeBytes()) + " dump), sha256 " + backup.sha256().substring(0, 12)
                    + (backup.label().isEmpty() ? "" : ", label " + backup.label())
                    + (backup.hold().isEmpty() ? "" : ", " + backup.hold()));
            services.backups().suspicion(backup).ifPresent(why -> spec.commandLine().getErr().println("warning: " + why));
            return 0;
        }
    }

    private KeepRule keepRule() {
        if (hold == null) {
            return KeepRule.NONE;
        }
        if (hold.pin) {
            return KeepRule.PIN;
        }
        Duration period;
        try {
            period = Durations.parse(hold.keep);
        } catch (IllegalArgumentException wrong) {
            throw new ParameterException(spec.commandLine(), "--keep " + wrong.getMessage());
        }
        return KeepRule.keepFor(period);
    }
}
