package dev.backstop.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.response.Response;
import dev.backstop.catalog.Catalog;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Lets each Events API delivery run once across every replica sharing the catalog: a redelivery of an
 * {@code event_id} already handled (Slack retries, sent with {@code X-Slack-Retry-Num}, possibly to another
 * replica) is acknowledged and dropped. Event ids are kept in the catalog for {@link #REMEMBERED}. Over HTTP,
 * {@link BoltEndpoint} has checked the signature first, so unsigned requests never mark an event as handled.
 */
final class EventDeliveries implements Middleware {

    /** How long an event id is remembered: far longer than Slack keeps retrying (three times within minutes). */
    static final Duration REMEMBERED = Duration.ofHours(1);
    static final String KIND = "slack-event";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Catalog catalog;
    private final Clock clock;

    EventDeliveries(Catalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

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

    /** True for the first delivery of {@code eventId}, whichever replica got it. */
    boolean firstDelivery(String eventId) {
        Instant now = clock.instant();
        return catalog.firstSeen(KIND, eventId, now, now.plus(REMEMBERED));
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
