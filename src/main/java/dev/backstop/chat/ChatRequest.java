package dev.backstop.chat;

/** One command typed in a chat: the slash command (such as {@code /backup}), its text, who typed it and where. */
public record ChatRequest(String command, String text, String user, String channel) {

    public ChatRequest {
        text = text == null ? "" : text.trim();
    }
}
