package dev.backstop.chat;

/**
 * A message for people, independent of where it is shown: a one-paragraph text (Slack mrkdwn:
 * {@code *bold*}, {@code `code`}, {@code <@U123>} mentions) and optional preformatted detail such
 * as a table. Ephemeral replies are shown only to the person who asked.
 */
public record Reply(boolean ephemeral, String text, String detail) implements Outcome {

    public Reply {
        detail = detail == null ? "" : detail;
    }

    /** A reply only the requester sees. */
    public static Reply privately(String text) {
        return new Reply(true, text, "");
    }

    /** A reply the whole channel sees. */
    public static Reply publicly(String text) {
        return new Reply(false, text, "");
    }
}
