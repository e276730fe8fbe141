package dev.backstop.chat;

import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.Durations;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.Redaction;
import dev.backstop.pipeline.ProductionTargets;
import dev.backstop.pipeline.RestoreService;
import dev.backstop.services.Services;
import dev.backstop.text.Sizes;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Parses chat commands and calls the same services the CLI uses; slow work comes back as a {@link Job}. */
public final class ChatCommands {

    /** Every slash command the bot answers. */
    public static final List<String> SLASH_COMMANDS = List.of("/backup", "/backups", "/restore", "/drill", "/backstop");

    private final Services services;
    private final Listings listings;
    private final Drills drills;
    private final Approvals approvals;
    private final ChatAccess access;
    private final ChatTargets targets;
    private final ProductionTargets production;

    public ChatCommands(Services services) {
        this.services = services;
        this.listings = new Listings(services);
        this.drills = new Drills(services);
        this.approvals = new Approvals(services);
        this.access = new ChatAccess(services);
        this.targets = new ChatTargets(services.config());
        this.production = new ProductionTargets(services.config());
    }

    /** Production-restore requests and their votes. */
    public Approvals approvals() {
        return approvals;
    }

    /**
     * Answers one command; never throws for bad input, which gets a private usage reply instead. A
     * command from a channel outside {@code slack.channels}, or one that changes a database from
     * someone who is not its operator, gets a private refusal (see {@link ChatAccess}).
     */
    public Outcome handle(ChatRequest request) {
        String text = request.text();
        String verb = request.command().replaceFirst("^/", "");
        if (verb.equals("backstop")) {
            String[] split = text.split("\\s+", 2);
            verb = split[0].isEmpty() ? "help" : split[0].toLowerCase(Locale.ROOT);
            text = split.length > 1 ? split[1] : "";
        }
        verb = verb.equals("list") ? "backups" : verb;
        boolean terminal = TerminalChat.CHANNEL.equals(request.channel());
        Optional<Reply> wrongChannel = access.channel(request, verb);
        if (wrongChannel.isPresent()) {
            return wrongChannel.get();
        }
        try {
            return switch (verb) {
                case "backup" -> backup(new Words(text, verb), request);
                case "backups" -> listings.backups(new Words(text, verb));
                case "restore" -> restore(new Words(text, verb), request);
                case "drill" -> drill(new Words(text, verb), request);
                case "status" -> listings.status();
                case "help" -> Usage.help(terminal);
                default -> Reply.privately(":warning: unknown command `" + verb + "`. " + Usage.help(terminal).text());
            };
        } catch (BadRequest bad) {
            return bad.reply();
        } catch (BackstopException refused) {
            return Reply.privately(":warning: " + JobRunner.reason(refused));
        }
    }

    private Outcome backup(Words words, ChatRequest request) {
        DatabaseConfig database = words.database(services.config());
        Optional<Reply> refused = access.operator(request, "backup", database);
        if (refused.isPresent()) {
            return refused.get();
        }
        BackupOptions options = BackupOptions.parse(words);
        String user = request.user();
        String title = "Backup of *" + database.name() + "*";
        Reply started = Reply.publicly(":hourglass: " + title + " started by " + mention(user));
        return remade(request, "backup", database, null, new Job(title, started, progress -> {
            long start = System.nanoTime();
            BackupRecord backup = services.backups().backup(database.name(), user, options.label(), options.keep(),
                    progress);
            return Reply.publicly(":white_check_mark: " + title + " done: id `" + backup.id() + "`"
                    + (backup.label().isEmpty() ? "" : ", label `" + backup.label() + "`")
                    + (backup.hold().isEmpty() ? "" : ", " + backup.hold()) + ", "
                    + Sizes.human(backup.sizeBytes()) + ", " + seconds(System.nanoTime() - start) + ", sha256 `"
                    + backup.sha256().substring(0, 12) + "`" + services.backups().suspicion(backup)
                    .map(why -> "\n:warning: " + why).orElse(""));
        }));
    }

    private Outcome drill(Words words, ChatRequest request) {
        DatabaseConfig database = words.database(services.config());
        return access.operator(request, "drill", database).<Outcome>map(refused -> refused)
                .orElseGet(() -> remade(request, "drill", database, null,
                        drills.drill(database, words, request.user())));
    }

    private Outcome restore(Words words, ChatRequest request) {
        DatabaseConfig database = words.database(services.config());
        Optional<Reply> refused = access.operator(request, "restore", database);
        if (refused.isPresent()) {
            return refused.get();
        }
        String user = request.user();
        String id = words.next("the backup id (or `latest`)");
        if (id.equals("--at")) {
            return restoreAt(database, words.next("the time after --at"), words, request);
        }
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
        String destination = null;
        if (target != null) {
            try {
                destination = targets.check(database, target);
            } catch (BackstopException outside) {
                return access.refuse(request, "restore", database.name(), target, outside.getMessage(),
                        ":no_entry: " + outside.getMessage() + ".");
            }
        }
        Optional<DatabaseConfig> overwritten = production.approvalNeeded(database, destination,
                services.config().file().toAbsolutePath().getParent());
        if (overwritten.isPresent()) {
            return approvals.ask(database.name(), id, destination, user, overwritten.get());
        }
        BackupRecord backup = services.restores().resolve(database.name(), id);
        String where = destination == null ? "its own location" : "`" + Redaction.secrets(destination) + "`";
        String title = "Restore of *" + database.name() + "*";
        String chosen = destination;
        Job job = new Job(title, Reply.publicly(":hourglass: " + title + " from backup `" + backup.id() + "` to "
                + where + " started by " + mention(user)), progress -> {
                    RestoreService.Restored restored = services.restores().restore(backup, chosen, user, progress);
                    return Reply.publicly(":white_check_mark: " + title + " done: backup `" + backup.id() + "` ("
                            + Sizes.human(backup.sizeBytes()) + ", sha256 `" + backup.sha256().substring(0, 12)
                            + "`) restored to `" + restored.target() + "` in " + seconds(restored.took().toNanos())
                            + ", integrity and row counts checked" + restored.setAsideNote());
                });
        String pinned = database.name() + " " + backup.id() + (target == null ? "" : " --to " + target);
        return new Confirmation(Reply.privately(":question: Restore *" + database.name() + "* from backup `" + backup.id()
                + "` (taken " + backup.createdAt() + " by " + backup.actor() + ") to " + where
                + "? What is there now is replaced."), "Restore", user, remade(request, "restore", database,
                pinned, job), new ChatRequest("/restore", pinned, user, request.channel()));
    }

    /**
     * {@code /restore DB --at TIME}: the database put back to a time in place, after a confirmation; a
     * production one opens a two-approver request bound to the bookmark found for the time now.
     */
    private Outcome restoreAt(DatabaseConfig database, String time, Words words, ChatRequest request) {
        String user = request.user();
        words.end();
        java.time.Instant at;
        try {
            at = java.time.OffsetDateTime.parse(time).toInstant();
        } catch (java.time.format.DateTimeParseException invalid) {
            throw new BadRequest(Usage.problem("`" + time + "` is not an ISO-8601 time such as 2026-11-30T09:00:00Z",
                    "restore"));
        }
        dev.backstop.pipeline.TimeTravel travel = services.restores().timeTravel();
        travel.require(database.name(), at);
        if (production.approvalNeeded(database, null, services.config().file().toAbsolutePath().getParent())
                .isPresent()) {
            return approvals.askAt(database.name(), at, user);
        }
        String title = "Restore of *" + database.name() + "* to " + at;
        Job job = new Job(title, Reply.publicly(":hourglass: " + title + " started by " + mention(user)), progress -> {
            dev.backstop.core.PointInTime.Rewound rewound = travel.restore(database.name(), at, user);
            return Reply.publicly(":white_check_mark: " + title + " done (bookmark `" + rewound.bookmark()
                    + "`); to undo it, restore bookmark `" + rewound.previous() + "`");
        });
        return new Confirmation(Reply.privately(":question: Put *" + database.name() + "* back to how it was at " + at
                + "? What is there now is replaced."), "Restore", user, remade(request, "restore", database,
                database.name() + " --at " + time, job), new ChatRequest("/restore", database.name() + " --at " + time,
                user, request.channel()));
    }

    /**
     * {@code job}, with the request that makes it again: {@code /backstop KIND ARGUMENTS} typed in the same
     * channel by the same user, where {@code arguments} hold what was resolved when it was asked (null:
     * the arguments as typed).
     */
    private static Job remade(ChatRequest request, String kind, DatabaseConfig database, String arguments, Job job) {
        String typed = request.command().equals("/backstop") ? request.text().replaceFirst("^\\S+\\s*", "")
                : request.text();
        return job.remadeBy(new ChatRequest("/backstop", kind + " " + (arguments == null ? typed : arguments),
                request.user(), request.channel()), kind, database.name());
    }

    /**
     * The job {@code remake} makes, as the command made it when it was asked: a confirmed restore is not
     * asked again. Empty, with the reply to post instead, when the command no longer makes a job (the
     * database left the config, the user lost its operator role, the backup is gone): see {@link Remade}.
     */
    public Remade remake(Job.Remake remake, boolean confirmed) {
        Outcome outcome = handle(remake.request());
        if (outcome instanceof Job job) {
            return new Remade(Optional.of(job), null);
        }
        if (outcome instanceof Confirmation confirmation) {
            return confirmed ? new Remade(Optional.of(confirmation.job()), null)
                    : new Remade(Optional.empty(), confirmation.question());
        }
        if (outcome instanceof Reply reply) {
            return new Remade(Optional.empty(), reply);
        }
        return new Remade(Optional.empty(), Reply.publicly(":warning: " + remake.kind() + " of *" + remake.database()
                + "* was not started: it now needs approvals; ask for it again"));
    }

    /** A job made again, or the reply that says why it was not. */
    public record Remade(Optional<Job> job, Reply refusal) {
    }

    private static String mention(String user) {
        return "<@" + user + ">";
    }

    private static String seconds(long nanos) {
        return Durations.format(java.time.Duration.ofNanos(nanos));
    }
}
