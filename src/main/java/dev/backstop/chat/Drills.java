package dev.backstop.chat;

import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.Durations;
import dev.backstop.core.CheckResult;
import dev.backstop.pipeline.DrillService.DrillReport;
import dev.backstop.services.Services;
import java.time.Duration;

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
                    .append(check.durationMs() > 0 ? " (" + Durations.format(Duration.ofMillis(check.durationMs())) + ")" : "")
                    .append('\n');
        }
        String verdict = report.passed() ? ":white_check_mark: " + title + " passed" : ":x: " + title + " failed";
        String text = verdict + ": backup `" + report.backup().id() + "`, took "
                + Durations.format(Duration.ofMillis(report.record().durationMs())) + " against an RTO of "
                + Durations.format(Duration.ofMillis(report.record().rtoMs())) + "; evidence `"
                + report.record().evidenceKey() + "`";
        return new Reply(false, text, checks.toString().stripTrailing());
    }
}
