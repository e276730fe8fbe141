package dev.backstop.chat;

import dev.backstop.approval.RequestCards;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * A chat in the terminal, like Hubot's shell adapter: each line read is a slash command from the
 * acting user ({@code /as USER} switches; {@code /approve ID} and {@code /deny ID} vote on a
 * production-restore request), and replies and job messages are printed as text. The terminal is a
 * channel of its own, outside {@code slack.channels}; the user it starts as, {@code terminal:NAME},
 * is the person at the shell and operates every database, while a user switched to with {@code /as}
 * has only the rights that user has in Slack.
 */
public final class TerminalChat {

    /** The channel every terminal command comes from. */
    static final String CHANNEL = "terminal";

    /** How the shell user's name starts, such as {@code terminal:alice}. */
    public static final String SHELL_USER = "terminal:";

    private static final Duration DRAIN = Duration.ofHours(1);

    private final ChatCommands commands;
    private final JobRunner jobs;
    private final PrintWriter out;
    private final Board board;
    private String user;

    public TerminalChat(ChatCommands commands, JobRunner jobs, PrintWriter out, String user) {
        this.commands = commands;
        this.jobs = jobs;
        this.out = out;
        this.user = user;
        this.board = reply -> {
            print(reply);
            return this::print;
        };
    }

    /** Prints the greeting; call it before anything else may print, so it comes first. */
    public void greet() {
        say("Backstop terminal chat as " + user + ". Type /backstop help; /as USER switches user; end input to quit.");
    }

    /** Reads commands until end of input, then waits for running jobs to finish. */
    public void run(BufferedReader in) throws IOException, InterruptedException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            handle(line.trim());
        }
        jobs.drain(DRAIN);
    }

    /** Prints the card of each request Backstop ends by itself, as the terminal has no message to update. */
    public RequestCards requestCards() {
        return (request, messageRef) -> print(commands.approvals().card(request).body());
    }

    /** Prints the farewell; call it once nothing else will print. */
    public void farewell() {
        say("bye");
    }

    private void handle(String line) {
        if (line.isEmpty()) {
            return;
        }
        String[] split = line.split("\\s+", 2);
        String text = split.length > 1 ? split[1] : "";
        if (split[0].equals("/as")) {
            if (text.isBlank()) {
                say("usage: /as USER");
            } else {
                user = text.trim();
                say("you are now " + user);
            }
            return;
        }
        if (split[0].equals("/approve") || split[0].equals("/deny")) {
            vote(text.trim(), split[0].equals("/approve"));
            return;
        }
        if (!line.startsWith("/")) {
            say("commands start with /; type /backstop help");
            return;
        }
        Outcome outcome = commands.handle(new ChatRequest(split[0], text, user, CHANNEL));
        if (outcome instanceof Job job) {
            jobs.submit(job, board);
        } else if (outcome instanceof Confirmation confirmation) {
            print(confirmation.question());
            say("(confirmed: typed at the terminal)");
            jobs.submit(confirmation.job(), board);
        } else if (outcome instanceof ApprovalAsked asked) {
            print(asked.card().body());
            say("(it needs two approvers: vote with /approve " + asked.card().requestId() + " or /deny "
                    + asked.card().requestId() + " after /as APPROVER)");
        } else {
            print((Reply) outcome);
        }
    }

    private void vote(String requestId, boolean approve) {
        if (requestId.isEmpty()) {
            say("usage: /approve ID or /deny ID");
            return;
        }
        Ballot ballot = commands.approvals().vote(requestId, user, approve, board, card -> { });
        ballot.note().ifPresent(this::print);
        ballot.card().ifPresent(card -> print(card.body()));
    }

    private void print(Reply reply) {
        StringBuilder text = new StringBuilder(reply.text().replaceAll("<@([^>|]+)(\\|[^>]*)?>", "@$1"));
        reply.detail().lines().forEach(line -> text.append("\n    ").append(line));
        say(text.toString());
    }

    private void say(String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }
}
