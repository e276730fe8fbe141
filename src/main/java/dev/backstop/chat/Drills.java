package dev.backstop.chat;

import dev.backstop.cli.Services;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.core.CheckResult;
import dev.backstop.pipeline.DrillService.DrillReport;
import java.util.Locale;

/** {@code /drill DB [ID|latest]}: runs a restore drill as a job and shows each check with a pass or fail mark. */
final class Drills {

    private final Services services;

    Drills(Services services) {
        this.services = services;
    }

    /** The drill of {@code database}, whose name {@code words} held; the rest of {@code words} names the backup. */
    Job drill(DatabaseConfig database, Words words, String user) {
        String id = words.isEmpty() ? "latest" : words.next("the backup id (or `latest`)");
        words.end();
        String title = "Drill of *" + database.name() + "*";
        return new Job(title, Reply.publicly(":hourglass: " + title + " (backup `" + id + "`) started by <@" + user + ">"),
                progress -> result(title, services.drills().drill(database.name(), id, user, progress)));
    }

    static Reply result(String title, DrillReport report) {
        StringBuilder checks = new StringBuilder();
        for (CheckResult check : report.checks()) {
            checks.append(check.passed() ? "✅ " : "❌ ").append(check.name()).append(": ").append(check.detail())
                    .append(check.durationMs() > 0 ? " (" + check.durationMs() + " ms)" : "").append('\n');
        }
        String verdict = report.passed() ? ":white_check_mark: " + title + " passed" : ":x: " + title + " failed";
        String text = verdict + ": backup `" + report.backup().id() + "`, " + String.format(Locale.ROOT, "%.1f s",
                report.record().durationMs() / 1000.0) + " against an RTO of " + String.format(Locale.ROOT, "%.0f s",
                report.record().rtoMs() / 1000.0) + "; evidence `" + report.record().evidenceKey() + "`";
        return new Reply(false, text, checks.toString().stripTrailing());
    }
}
