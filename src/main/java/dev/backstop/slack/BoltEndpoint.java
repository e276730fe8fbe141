package dev.backstop.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import dev.backstop.http.WebCall;
import dev.backstop.http.WebHandler;
import dev.backstop.http.WebReply;
import java.util.Map;

/** Bolt behind the HTTP seam, like Bolt's servlet adapter: builds a Bolt request, runs the app, returns its response. */
public final class BoltEndpoint implements WebHandler {

    private final App app;
    private final SlackRequestParser parser;

    public BoltEndpoint(App app) {
        this.app = app;
        this.parser = new SlackRequestParser(app.config());
    }

    @Override
    public WebReply handle(WebCall call) throws Exception {
        Request<?> request = parser.parse(SlackRequestParser.HttpRequest.builder()
                .requestUri(call.path())
                .queryString(call.query())
                .headers(new RequestHeaders(call.headers()))
                .requestBody(call.body())
                .remoteAddress(call.remoteAddress())
                .build());
        if (request == null) {
            return new WebReply(400, "text/plain", Map.of(), "not a Slack request");
        }
        Response response = app.run(request);
        return new WebReply(response.getStatusCode(), response.getContentType(), response.getHeaders(),
                response.getBody());
    }
}
