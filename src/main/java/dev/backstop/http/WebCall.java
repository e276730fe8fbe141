package dev.backstop.http;

import java.util.List;
import java.util.Map;

/** An HTTP request as the Slack endpoint sees it, free of any server library's types. */
public record WebCall(String path, Map<String, List<String>> query, Map<String, List<String>> headers, String body,
                      String remoteAddress) {

    public WebCall {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }
}
