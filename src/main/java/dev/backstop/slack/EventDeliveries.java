package dev.backstop.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.response.Response;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Lets each Events API delivery run once: a redelivery of an {@code event_id} already handled
 * (Slack retries, sent with {@code X-Slack-Retry-Num}) is acknowledged and dropped. Over HTTP,
 * {@link BoltEndpoint} has checked the signature first, so unsigned requests never mark an event as handled.
 */
final class EventDeliveries implements Middleware {

    private static final int REMEMBERED = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> handled = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    @Override
    public Response apply(Request request, Response response, MiddlewareChain chain) throws Exception {
        if (request.getRequestType() == RequestType.Event) {
            String eventId = eventId(request.getRequestBodyAsString());
            if (!eventId.isEmpty() && !firstDelivery(eventId)) {
                return Response.ok();
            }
        }
        return chain.next(request);
    }

    private synchronized boolean firstDelivery(String eventId) {
        return handled.add(eventId);
    }

    private static String eventId(String body) {
        try {
            JsonNode tree = JSON.readTree(body);
            return tree == null ? "" : tree.path("event_id").asText("");
        } catch (IOException unreadable) {
            return "";
        }
    }
}
