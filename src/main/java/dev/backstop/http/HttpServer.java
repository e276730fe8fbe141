package dev.backstop.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Serves {@code POST /slack/events} by translating Javalin's context to a {@link WebCall} and the
 * {@link WebReply} back (in the manner of Bolt's servlet adapter), {@code GET /healthz}, {@code GET /metrics}
 * and the {@link StatusPage}. With a {@link BasicAuth}, the status page and {@code /metrics} need its login;
 * {@code /slack/events} (checked by Slack's request signature) and {@code /healthz} stay open.
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
    public HttpServer(WebHandler events, HealthCheck health, Supplier<String> metrics) {
        this(events, health, metrics, null, null);
    }

    /**
     * As above, and {@code status} (null: none) at {@code GET /} and {@code GET /api/status}; {@code auth}
     * (null: none) guards the status page and {@code /metrics}.
     */
    public HttpServer(WebHandler events, HealthCheck health, Supplier<String> metrics, StatusPage status,
                      BasicAuth auth) {
        this.javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            if (events != null) {
                config.routes.post(EVENTS_PATH, context -> bridge(events, context));
            }
            config.routes.get("/healthz", context -> health(health, context));
            if (metrics != null) {
                config.routes.get("/metrics", guarded(auth, context -> context
                        .contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.get())));
            }
            if (status != null) {
                config.routes.get("/", guarded(auth, context -> page(context, "text/html; charset=utf-8",
                        status.html())));
                config.routes.get("/api/status", guarded(auth, context -> page(context,
                        "application/json; charset=utf-8", status.json())));
                config.routes.get("/status.js", guarded(auth, context -> page(context,
                        "text/javascript; charset=utf-8", status.script())));
                config.routes.get("/status.css", guarded(auth, context -> page(context, "text/css; charset=utf-8",
                        status.style())));
            }
            if (auth != null) {
                // HEAD would otherwise be answered from the GET route without its login check.
                for (String path : List.of("/metrics", "/", "/api/status", "/status.js", "/status.css")) {
                    config.routes.head(path, guarded(auth, context -> context.status(200)));
                }
            }
        });
    }

    /** Starts listening on {@code host} (such as 127.0.0.1, or 0.0.0.0 for every interface) and {@code port} (0 picks a free one); returns the port. */
    public int start(String host, int port) {
        javalin.start(host, port);
        return javalin.port();
    }

    /** Starts listening on 127.0.0.1 at {@code port} (0 picks a free one) and returns the port. */
    public int start(int port) {
        return start("127.0.0.1", port);
    }

    private static Handler guarded(BasicAuth auth, Handler handler) {
        if (auth == null) {
            return handler;
        }
        return context -> {
            if (auth.admits(context.header("Authorization"))) {
                handler.handle(context);
            } else {
                context.status(401).header("WWW-Authenticate", BasicAuth.CHALLENGE).header("Cache-Control", "no-store")
                        .contentType("text/plain; charset=utf-8")
                        .result("401 Unauthorized: log in with the user and password of http.auth\n");
            }
        };
    }

    private static void page(Context context, String contentType, String body) {
        context.header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", StatusPage.CONTENT_SECURITY_POLICY)
                .header("Referrer-Policy", "no-referrer").contentType(contentType).result(body);
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
