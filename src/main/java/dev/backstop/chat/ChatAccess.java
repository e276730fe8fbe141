package dev.backstop.chat;

import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.SlackSettings;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.Redaction;
import dev.backstop.services.Services;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Who may do what from chat: commands are taken only from {@code slack.channels} (any channel when
 * empty); anyone there may read, and only a database's operators may back it up, restore it or
 * drill it. The terminal chat is a channel of its own, and its shell user ({@code terminal:NAME})
 * operates every database, as that person can run the CLI anyway. Each refusal is a private reply
 * that says who may, and an audit entry.
 */
final class ChatAccess {

    /** The verbs that change or load a database, with how a refusal names the act. */
    static final Map<String, String> OPERATOR_VERBS = Map.of("backup", "back it up", "restore", "restore it",
            "drill", "drill it");

    private final Services services;

    ChatAccess(Services services) {
        this.services = services;
    }

    /** A refusal when {@code request} comes from a channel Backstop takes no commands from. */
    Optional<Reply> channel(ChatRequest request, String verb) {
        SlackSettings slack = services.config().slack();
        if (request.channel().equals(TerminalChat.CHANNEL) || slack.acceptsChannel(request.channel())) {
            return Optional.empty();
        }
        String channels = slack.channels().stream().map(channel -> "<#" + channel + ">")
                .collect(Collectors.joining(", "));
        return Optional.of(refuse(request, verb, "", "", "channel " + request.channel() + " is not in slack.channels",
                ":no_entry: Backstop takes commands only in " + channels + "; run `" + request.command() + "` there."));
    }

    /** A refusal unless the requester may run {@code verb} (one of {@link #OPERATOR_VERBS}) on {@code database}. */
    Optional<Reply> operator(ChatRequest request, String verb, DatabaseConfig database) {
        List<String> operators = services.config().operatorsOf(database);
        if (operators.contains(request.user()) || isShellUser(request)) {
            return Optional.empty();
        }
        String act = OPERATOR_VERBS.get(verb);
        String text = operators.isEmpty()
                ? ":no_entry: Nobody may " + act.replace(" it", "") + " *" + database.name() + "* from chat: no"
                        + " operators are configured; an admin sets databases." + database.name()
                        + ".operators or slack.operators."
                : ":no_entry: Only operators of *" + database.name() + "* may " + act + ": "
                        + operators.stream().map(user -> "<@" + user + ">").collect(Collectors.joining(", "))
                        + "; ask one of them.";
        return Optional.of(refuse(request, verb, database.name(), "", "not an operator of " + database.name()
                + " (" + source(database) + ": " + String.join(", ", operators) + ")", text));
    }

    /** Records that {@code request} was refused for {@code reason} and returns {@code text} as a private reply. */
    Reply refuse(ChatRequest request, String verb, String database, String target, String reason, String text) {
        services.catalog().audit(new AuditEntry(services.clock().instant(), request.user(), verb, database, "",
                Redaction.secrets(target), "refused", "from chat in " + request.channel() + ": "
                        + Redaction.secrets(reason)));
        return Reply.privately(text);
    }

    private static boolean isShellUser(ChatRequest request) {
        return request.channel().equals(TerminalChat.CHANNEL) && request.user().startsWith(TerminalChat.SHELL_USER);
    }

    private String source(DatabaseConfig database) {
        if (!database.operators().isEmpty()) {
            return "databases." + database.name() + ".operators";
        }
        return services.config().slack().operators().isEmpty() ? "slack.approvers" : "slack.operators";
    }
}
