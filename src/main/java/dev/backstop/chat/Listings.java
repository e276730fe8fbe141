package dev.backstop.chat;

import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.Durations;
import dev.backstop.core.BackupRecord;
import dev.backstop.schedule.DatabaseStatus;
import dev.backstop.schedule.SizeTrend;
import dev.backstop.services.Services;
import dev.backstop.text.BackupListing;
import dev.backstop.text.RequestTable;
import dev.backstop.text.Sizes;
import dev.backstop.text.StatusLegend;
import dev.backstop.text.Table;
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
        int count = DEFAULT_COUNT;
        boolean all = false;
        while (!words.isEmpty()) {
            String word = words.next("N");
            if (word.equals("--all")) {
                all = true;
            } else {
                count = count(word);
            }
        }
        services.catalog().failAbandoned(services.clock().instant());
        List<BackupRecord> backups = BackupListing.of(services.catalog(), database.name(), count, all);
        if (backups.isEmpty()) {
            return Reply.privately("No backups of *" + database.name() + "* yet; run `/backup " + database.name() + "`.");
        }
        Instant now = services.clock().instant();
        Table table = new Table("ID", "AGE", "SIZE", "STATUS", "LABEL", "BY", "NOTE");
        for (BackupRecord backup : backups) {
            table.row(backup.id(), Durations.format(Duration.between(backup.createdAt(), now)),
                    backup.sizeBytes() == 0 ? "-" : Sizes.human(backup.sizeBytes()), backup.status().label(),
                    backup.label().isEmpty() ? "-" : backup.label(), backup.actor(), BackupListing.note(backup));
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
        Table table = new Table("DATABASE", "LAST BACKUP", "AGE", "FRESHNESS", "STATE", "DUMP", "TREND", "LAST DRILL",
                "ALERTS");
        for (DatabaseStatus status : DatabaseStatus.of(services.config(), services.catalog(), now)) {
            List<String> holding = status.alertsNow();
            table.row(status.database().name(), status.lastGood().map(backup -> backup.label().isEmpty() ? backup.id()
                            : backup.id() + " (" + backup.label() + ")").orElse("-"),
                    status.age().map(Durations::format).orElse("-"), Durations.format(status.database().freshness()),
                    status.state().equals("stale") ? "STALE" : status.state(),
                    status.lastGood().map(backup -> Sizes.human(backup.rawSizeBytes())).orElse("-"),
                    status.trend().map(SizeTrend::label).orElse("-"), status.drillLabel(now),
                    holding.isEmpty() ? "-" : String.join(",", holding));
        }
        String requests = RequestTable.of(services.approvals().needingAttention(), now)
                .map(listed -> "\n\n" + print(listed)).orElse("");
        return new Reply(true, "Backstop status:", print(table) + "\n" + StatusLegend.text(now) + requests);
    }

    private static String print(Table table) {
        StringWriter text = new StringWriter();
        table.print(new PrintWriter(text));
        return text.toString().stripTrailing();
    }
}
