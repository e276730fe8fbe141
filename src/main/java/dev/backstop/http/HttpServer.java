package dev.backstop.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves {@code POST /slack/events} by translating Javalin's context to a {@link WebCall} and the
 * {@link WebReply} back (in the manner of Bolt's servlet adapter), and {@code GET /healthz}.
 */
public final class HttpServer implements AutoCloseable {

    public static final String EVENTS_PATH = "/slack/events";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Javalin javalin;

    /** Serves {@code events} (null: no Slack endpoint, as in Socket Mode) and {@code health}. */
    public HttpServer(WebHandler events, HealthCheck health) {
        this(events, health, null);
    }

    /** As above, and {@code GET /metrics} in Prometheus text format from {@code metrics} when it is not null. */
    public HttpServer(WebHandler events, HealthCheck health, java.util.function.Supplier<String> metrics) {
        this.javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            if (events != null) {
                config.routes.post(EVENTS_PATH, context -> bridge(events, context));
            }
            config.routes.get("/healthz", context -> health(health, context));
            if (metrics != null) {
                config.routes.get("/metrics", context -> context.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(metrics.get()));
            }
        });
    }

    /** Starts listening on {@code port} (0 picks a free one) and returns the port. */
    public int start(int port) {
        javalin.start(port);
        return javalin.port();
    }

    private static void bridge(WebHandler events, Context context) throws Exception {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        context.headerMap().forEach((name, value) -> headers.put(name, List.of(value)));
        WebReply reply = events.handle(new WebCall(context.path(), context.queryParamMap(), headers, context.body(),
                context.ip()));
        context.status(reply.status());
        if (reply.contentType() != null) {
            context.contentType(reply.contentType());
        }
        reply.headers().forEach((name, values) -> values.forEach(value -> context.header(name, value)));
        context.result(reply.body());
    }

    private static void health(HealthCheck health, Context context) throws Exception {
        HealthCheck.Report report = health.check();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.healthy() ? "ok" : "failing");
        body.put("components", report.components());
        context.status(report.healthy() ? 200 : 503).contentType("application/json")
                .result(JSON.writeValueAsString(body));
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
