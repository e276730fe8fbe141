package dev.backstop.http;

import java.util.List;
import java.util.Map;

/** An HTTP response from the Slack endpoint: status, content type, extra headers and body. */
public record WebReply(int status, String contentType, Map<String, List<String>> headers, String body) {

    public WebReply {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? "" : body;
    }
}
