package dev.backstop.cli;

import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.Progress;
import dev.backstop.pipeline.RestoreService;
import dev.backstop.services.Services;
import dev.backstop.text.Sizes;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code backstop verify DB ID|latest|label:L|--all}: download, check and decrypt without restoring. */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Download a backup (or, with --all, every kept one), check its checksums and decrypt it,"
                + " without restoring.")
final class VerifyCommand implements Callable<Integer> {

    /** More backups than any catalog keeps of one database. */
    private static final int EVERY = Integer.MAX_VALUE;

    @ParentCommand
    BackstopCli root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DB", description = "Database name from the config.")
    String database;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID|latest",
            description = "Backup id, latest, or label:L; leave out with --all.")
    String id;

    @Option(names = "--all", description = "Verify every kept (succeeded) backup instead of one.")
    boolean all;

    @Override
    public Integer call() {
        if ((id == null) != all) {
            throw new ParameterException(spec.commandLine(), all ? "give either a backup id or --all, not both"
                    : "missing the backup id (or latest, label:L, or --all)");
        }
        try (Services services = root.services()) {
            DatabaseArgument.require(services, spec, database);
            PrintWriter out = spec.commandLine().getOut();
            if (!all) {
                RestoreService.Verified verified = TerminalProgress.around(progress -> services.restores()
                        .verify(services.restores().resolve(database, id), root.actor(), progress));
                out.println(line(verified));
                return 0;
            }
            services.restores().resolveDatabase(database);
            List<BackupRecord> kept = services.catalog().list(database, EVERY).stream()
                    .filter(backup -> backup.status() == BackupStatus.SUCCEEDED).toList();
            int failed = 0;
            for (BackupRecord backup : kept) {
                try {
                    out.println(line(services.restores().verify(backup, root.actor(), Progress.NONE)));
                } catch (RuntimeException problem) {
                    failed++;
                    out.println("FAILED " + backup.id() + ": "
                            + String.valueOf(problem.getMessage()).replaceAll("\\s+", " "));
                }
                out.flush();
            }
            out.println("verified " + kept.size() + " backup" + (kept.size() == 1 ? "" : "s") + " of " + database
                    + ": " + (kept.size() - failed) + " ok, " + failed + " failed");
            out.flush();
            if (failed > 0) {
                spec.commandLine().getErr().println("backstop: " + failed + " of " + kept.size() + " backups of "
                        + database + " failed verification; restore from one marked ok and take a new backup");
                return 1;
            }
            return 0;
        }
    }

    private static String line(RestoreService.Verified verified) {
        BackupRecord backup = verified.backup();
        return "ok " + backup.id() + ": object sha256 " + backup.sha256().substring(0, 12) + " matches, decrypts to a "
                + Sizes.human(verified.dumpBytes()) + " dump with the recorded sha256, in "
                + dev.backstop.config.Durations.format(verified.took()) + (backup.label().isEmpty() ? "" : " (label " + backup.label() + ")");
    }
}
