package dev.backstop.chat;

import dev.backstop.cli.Services;
import dev.backstop.cli.Sizes;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.Redaction;
import dev.backstop.pipeline.RestoreService;
import java.util.List;
import java.util.Locale;

/** Parses chat commands and calls the same services the CLI uses; slow work comes back as a {@link Job}. */
public final class ChatCommands {

    /** Every slash command the bot answers. */
    public static final List<String> SLASH_COMMANDS = List.of("/backup", "/backups", "/restore", "/drill", "/backstop");

    private final Services services;
    private final Listings listings;
    private final Drills drills;
    private final Approvals approvals;

    public ChatCommands(Services services) {
        this.services = services;
        this.listings = new Listings(services);
        this.drills = new Drills(services);
        this.approvals = new Approvals(services);
    }

    /** Production-restore requests and their votes. */
    public Approvals approvals() {
        return approvals;
    }

    /** Answers one command; never throws for bad input, which gets a private usage reply instead. */
    public Outcome handle(ChatRequest request) {
        String text = request.text();
        String verb = request.command().replaceFirst("^/", "");
        if (verb.equals("backstop")) {
            String[] split = text.split("\\s+", 2);
            verb = split[0].isEmpty() ? "help" : split[0].toLowerCase(Locale.ROOT);
            text = split.length > 1 ? split[1] : "";
        }
        verb = verb.equals("list") ? "backups" : verb;
        try {
            return switch (verb) {
                case "backup" -> backup(new Words(text, verb), request.user());
                case "backups" -> listings.backups(new Words(text, verb));
                case "restore" -> restore(new Words(text, verb), request.user());
                case "drill" -> drills.drill(new Words(text, verb), request.user());
                case "status" -> listings.status();
                case "help" -> Usage.help();
                default -> Reply.privately(":warning: unknown command `" + verb + "`. " + Usage.help().text());
            };
        } catch (BadRequest bad) {
            return bad.reply();
        } catch (BackstopException refused) {
            return Reply.privately(":warning: " + JobRunner.reason(refused));
        }
    }

    private Job backup(Words words, String user) {
        DatabaseConfig database = words.database(services.config());
        words.end();
        String title = "Backup of *" + database.name() + "*";
        return new Job(title, Reply.publicly(":hourglass: " + title + " started by " + mention(user)), progress -> {
            long start = System.nanoTime();
            BackupRecord backup = services.backups().backup(database.name(), user, progress);
            return Reply.publicly(":white_check_mark: " + title + " done: id `" + backup.id() + "`, "
                    + Sizes.human(backup.sizeBytes()) + ", " + seconds(System.nanoTime() - start) + ", sha256 `"
                    + backup.sha256().substring(0, 12) + "`" + services.backups().suspicion(backup)
                    .map(why -> "\n:warning: " + why).orElse(""));
        });
    }

    private Outcome restore(Words words, String user) {
        DatabaseConfig database = words.database(services.config());
        String id = words.next("the backup id (or `latest`)");
        String target = null;
        if (!words.isEmpty()) {
            String option = words.next("--to");
            if (option.startsWith("--to=")) {
                target = option.substring("--to=".length());
            } else if (option.equals("--to")) {
                target = words.next("the target after --to");
            } else {
                throw new BadRequest(Usage.problem("unexpected `" + option + "`", "restore"));
            }
        }
        words.end();
        if (database.production()) {
            return approvals.ask(database.name(), id, target, user);
        }
        BackupRecord backup = services.restores().resolve(database.name(), id);
        String where = target == null ? "its own location" : "`" + Redaction.secrets(target) + "`";
        String title = "Restore of *" + database.name() + "*";
        String destination = target;
        Job job = new Job(title, Reply.publicly(":hourglass: " + title + " from backup `" + backup.id() + "` to "
                + where + " started by " + mention(user)), progress -> {
                    RestoreService.Restored restored = services.restores().restore(backup, destination, user, progress);
                    return Reply.publicly(":white_check_mark: " + title + " done: backup `" + backup.id() + "` ("
                            + Sizes.human(backup.sizeBytes()) + ", sha256 `" + backup.sha256().substring(0, 12)
                            + "`) restored to `" + restored.target() + "` in " + seconds(restored.took().toNanos()));
                });
        return new Confirmation(Reply.privately(":question: Restore *" + database.name() + "* from backup `" + backup.id()
                + "` (taken " + backup.createdAt() + " by " + backup.actor() + ") to " + where
                + "? What is there now is replaced."), "Restore", user, job);
    }

    private static String mention(String user) {
        return "<@" + user + ">";
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
