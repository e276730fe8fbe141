package dev.backstop.slack;

import com.slack.api.app_backend.SlackSignature;
import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import dev.backstop.http.WebCall;
import dev.backstop.http.WebHandler;
import dev.backstop.http.WebReply;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Bolt behind the HTTP seam, like Bolt's servlet adapter: checks the request's signature and
 * timestamp, refuses a request seen before, builds a Bolt request, runs the app, returns its response.
 * Bolt's own signature check is off, since this one is stricter (a timestamp too far in the future is
 * refused too) and reads the bot's clock.
 */
final class BoltEndpoint implements WebHandler {

    private static final System.Logger LOG = System.getLogger(BoltEndpoint.class.getName());
    private static final String REFUSED = "{\"error\":\"invalid request\"}";

    private final App app;
    private final SlackRequestParser parser;
    private final RequestSignatures signatures;
    private final SeenSignatures seen;

    BoltEndpoint(App app, RequestSignatures signatures, SeenSignatures seen) {
        this.app = app;
        this.parser = new SlackRequestParser(app.config());
        this.signatures = signatures;
        this.seen = seen;
    }

    @Override
    public WebReply handle(WebCall call) throws Exception {
        RequestHeaders headers = new RequestHeaders(call.headers());
        String timestamp = headers.getFirstValue(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP);
        String signature = headers.getFirstValue(SlackSignature.HeaderNames.X_SLACK_SIGNATURE);
        Optional<String> refusal = signatures.refusal(timestamp, signature, call.body());
        if (refusal.isPresent()) {
            return refuse(call, refusal.get());
        }
        Request<?> request;
        try {
            request = parser.parse(SlackRequestParser.HttpRequest.builder()
                    .requestUri(call.path())
                    .queryString(call.query())
                    .headers(headers)
                    .requestBody(call.body())
                    .remoteAddress(call.remoteAddress())
                    .build());
        } catch (RuntimeException malformed) {
            LOG.log(System.Logger.Level.WARNING, "refused a malformed Slack request to " + call.path() + " from "
                    + call.remoteAddress() + ": Bolt could not read it (" + malformed.getClass().getSimpleName() + ")");
            return new WebReply(400, "text/plain", Map.of(), "malformed Slack request");
        }
        if (request == null) {
            return new WebReply(400, "text/plain", Map.of(), "not a Slack request");
        }
        if (request.getRequestType() != RequestType.Event
                && !seen.firstTime(signature.trim(), Instant.ofEpochSecond(Long.parseLong(timestamp.trim())))) {
            return refuse(call, "the same signed request was already received (a replay)");
        }
        Response response = app.run(request);
        return new WebReply(response.getStatusCode(), response.getContentType(), response.getHeaders(),
                response.getBody());
    }

    private static WebReply refuse(WebCall call, String why) {
        LOG.log(System.Logger.Level.WARNING, "refused a request to " + call.path() + " from " + call.remoteAddress()
                + ": " + why);
        return new WebReply(401, "application/json", Map.of(), REFUSED);
    }
}
