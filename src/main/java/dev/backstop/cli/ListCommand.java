package dev.backstop.cli;

import dev.backstop.config.Durations;
import dev.backstop.core.BackupRecord;
import dev.backstop.services.Services;
import dev.backstop.text.BackupListing;
import dev.backstop.text.Sizes;
import dev.backstop.text.Table;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backstop list DB [--json] [-n N] [--all]}: backups newest first, failed ones with their reason,
 * pruned ones only with {@code --all}. The JSON names sizes and checksums as the manifest does.
 */
@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "List backups, newest first.")
final class ListCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCli root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DB", description = "Database name from the config.")
    String database;

    @Option(names = "--json", description = "Print a JSON array for scripts.")
    boolean json;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "1000",
            description = "Show at most N backups (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--all", description = "Also show pruned backups, whose objects retention deleted.")
    boolean all;

    @Override
    public Integer call() {
        try (Services services = root.services()) {
            DatabaseArgument.require(services, spec, database);
            if (limit < 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "-n/--limit must be at least 1, not " + limit);
            }
            services.catalog().failAbandoned(services.clock().instant());
            List<BackupRecord> backups = BackupListing.of(services.catalog(), database, limit, all);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(backups.stream().map(ListCommand::asJson).toList()));
                out.flush();
                return 0;
            }
            if (backups.isEmpty()) {
                out.println("no backups of " + database + " yet; run `backstop backup " + database + "`");
                out.flush();
                return 0;
            }
            Table table = new Table("ID", "CREATED (UTC)", "AGE", "SIZE", "STATUS", "LABEL", "SHA256", "BY", "NOTE");
            for (BackupRecord backup : backups) {
                table.row(backup.id(), backup.createdAt().toString().replace("T", " ").replaceAll("\\.\\d+Z$", "Z"),
                        Durations.format(Duration.between(backup.createdAt(), services.clock().instant())),
                        backup.sizeBytes() == 0 ? "-" : Sizes.human(backup.sizeBytes()), backup.status().label(),
                        backup.label().isEmpty() ? "-" : backup.label(), backup.sha256().isEmpty() ? "-" : backup.sha256().substring(0, 12), backup.actor(),
                        BackupListing.note(backup));
            }
            table.print(out);
            return 0;
        }
    }

    static Map<String, Object> asJson(BackupRecord backup) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", backup.id());
        fields.put("database", backup.database());
        fields.put("engine", backup.engine());
        fields.put("created_at", backup.createdAt());
        fields.put("finished_at", backup.finishedAt());
        fields.put("status", backup.status().label());
        fields.put("label", backup.label());
        fields.put("pinned", backup.pinned());
        fields.put("keep_until", backup.keepUntil());
        fields.put("size_bytes", backup.sizeBytes());
        fields.put("sha256", backup.sha256());
        fields.put("dump_size_bytes", backup.rawSizeBytes());
        fields.put("dump_sha256", backup.rawSha256());
        fields.put("object_key", backup.objectKey());
        fields.put("actor", backup.actor());
        fields.put("error", backup.error().isBlank() ? null : backup.error());
        return fields;
    }
}
