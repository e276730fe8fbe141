package dev.backstop.chat;

import dev.backstop.cli.RequestTable;
import dev.backstop.cli.Services;
import dev.backstop.cli.Sizes;
import dev.backstop.cli.Table;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.Durations;
import dev.backstop.core.BackupRecord;
import dev.backstop.schedule.DatabaseStatus;
import dev.backstop.schedule.SizeTrend;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The read-only commands: the newest backups of a database, and every database's status and open restore requests. */
final class Listings {

    private static final int DEFAULT_COUNT = 10;
    private static final int MAX_COUNT = 100;

    private final Services services;

    Listings(Services services) {
        this.services = services;
    }

    Reply backups(Words words) {
        DatabaseConfig database = words.database(services.config());
        int count = words.isEmpty() ? DEFAULT_COUNT : count(words.next("N"));
        words.end();
        services.catalog().failAbandoned(services.clock().instant());
        List<BackupRecord> backups = services.catalog().list(database.name(), count);
        if (backups.isEmpty()) {
            return Reply.privately("No backups of *" + database.name() + "* yet; run `/backup " + database.name() + "`.");
        }
        Instant now = services.clock().instant();
        Table table = new Table("ID", "AGE", "SIZE", "STATUS", "LABEL", "BY");
        for (BackupRecord backup : backups) {
            table.row(backup.id(), Durations.format(Duration.between(backup.createdAt(), now)),
                    backup.sizeBytes() == 0 ? "-" : Sizes.human(backup.sizeBytes()), backup.status().label(),
                    backup.label().isEmpty() ? "-" : backup.label(), backup.actor());
        }
        return new Reply(true, "Newest " + backups.size() + " backups of *" + database.name() + "*:", print(table));
    }

    private static int count(String word) {
        try {
            int count = Integer.parseInt(word);
            if (count >= 1 && count <= MAX_COUNT) {
                return count;
            }
        } catch (NumberFormatException notNumber) {
            // Falls through to the usage message.
        }
        throw new BadRequest(Usage.problem("N must be a number from 1 to " + MAX_COUNT + ", not `" + word + "`",
                "backups"));
    }

    Reply status() {
        Instant now = services.clock().instant();
        services.catalog().failAbandoned(now);
        Table table = new Table("DATABASE", "LAST BACKUP", "AGE", "FRESHNESS", "STATE", "SIZE", "TREND", "LAST DRILL",
                "ALERTS");
        for (DatabaseStatus status : DatabaseStatus.of(services.config(), services.catalog(), now)) {
            table.row(status.database().name(), status.lastGood().map(backup -> backup.label().isEmpty() ? backup.id()
                            : backup.id() + " (" + backup.label() + ")").orElse("-"),
                    status.age().map(Durations::format).orElse("-"), Durations.format(status.database().freshness()),
                    status.state().equals("stale") ? "STALE" : status.state(),
                    status.lastGood().map(backup -> Sizes.human(backup.sizeBytes())).orElse("-"),
                    status.trend().map(SizeTrend::label).orElse("-"), status.drillLabel(now),
                    status.openAlerts().isEmpty() ? "-" : String.join(",", status.openAlerts()));
        }
        String requests = RequestTable.of(services.approvals().needingAttention(), now)
                .map(listed -> "\n\n" + print(listed)).orElse("");
        return new Reply(true, "Backstop status:", print(table) + requests);
    }

    private static String print(Table table) {
        StringWriter text = new StringWriter();
        table.print(new PrintWriter(text));
        return text.toString().stripTrailing();
    }
}
