package dev.backstop.chat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the next steps that the services write for the command line, such as
 * {@code `backstop list app`}, into the chat command that does the same ({@code `/backups app`}).
 * Steps with no chat command, such as {@code backstop keygen}, stay as they are.
 */
final class ChatHints {

    private static final Pattern CLI_STEP = Pattern.compile("`backstop (backup|list|restore|drill|status)( [^`]*)?`");
    private static final Map<String, String> CHAT_VERBS = Map.of("backup", "/backup", "list", "/backups",
            "restore", "/restore", "drill", "/drill", "status", "/backstop status");

    private ChatHints() {
    }

    static String forChat(String message) {
        Matcher step = CLI_STEP.matcher(message);
        StringBuilder text = new StringBuilder();
        while (step.find()) {
            String arguments = step.group(2) == null ? "" : step.group(2);
            step.appendReplacement(text, Matcher.quoteReplacement("`" + CHAT_VERBS.get(step.group(1)) + arguments + "`"));
        }
        step.appendTail(text);
        return text.toString();
    }
}
