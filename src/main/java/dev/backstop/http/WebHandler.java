package dev.backstop.http;

/** Answers the requests Slack sends to {@code POST /slack/events}. */
@FunctionalInterface
public interface WebHandler {
    WebReply handle(WebCall call) throws Exception;
}
