package dev.backstop.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A local stand-in for the Slack Web API and for response_url: records every call and answers ok, or
 * with an error for a method a test made it {@linkplain #refuse refuse}, or 429 for the calls a test
 * {@linkplain #rateLimit rate-limits}. Messages posted to a channel by
 * name ({@code #ops}) come back with an id made from it ({@code COPS}).
 */
final class FakeSlackApi implements AutoCloseable {

    /** One recorded call: the Web API method (or {@code response_url}), its form fields or JSON body. */
    record Call(String method, Map<String, String> form, String body) {
        String field(String name) {
            return form.getOrDefault(name, "");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Call> calls = new ArrayList<>();
    private final AtomicInteger messages = new AtomicInteger();
    private final Map<String, String> refusals = new ConcurrentHashMap<>();
    private final List<RateLimit> rateLimits = new ArrayList<>();
    private final Map<String, Integer> limited = new ConcurrentHashMap<>();
    private volatile String socketModeUrl = "ws://127.0.0.1:1/";

    FakeSlackApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::answer);
        server.start();
    }

    String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    String responseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/response/T1/1/abc";
    }

    void socketModeUrl(String url) {
        socketModeUrl = url;
    }

    /** Answers every later call to {@code method} with {@code ok: false} and {@code error}, as Slack refuses one. */
    void refuse(String method, String error) {
        refusals.put(method, error);
    }

    /** The next {@code calls} calls to {@code method} that {@code which} matches, answered 429 with a Retry-After. */
    private static final class RateLimit {
        final String method;
        final Predicate<Call> which;
        final int retryAfterSeconds;
        int calls;

        RateLimit(String method, Predicate<Call> which, int calls, int retryAfterSeconds) {
            this.method = method;
            this.which = which;
            this.calls = calls;
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    /**
     * Answers the next {@code calls} calls to {@code method} as Slack does when it rate-limits one:
     * HTTP 429, {@code Retry-After: retryAfterSeconds} and {@code ratelimited}. They are counted by
     * {@link #rateLimited} and not recorded as calls.
     */
    void rateLimit(String method, int calls, int retryAfterSeconds) {
        rateLimit(method, call -> true, calls, retryAfterSeconds);
    }

    /** As above, for the next {@code calls} calls to {@code method} that {@code which} matches. */
    void rateLimit(String method, Predicate<Call> which, int calls, int retryAfterSeconds) {
        synchronized (rateLimits) {
            rateLimits.add(new RateLimit(method, which, calls, retryAfterSeconds));
        }
    }

    /** How many calls to {@code method} were answered 429 so far. */
    int rateLimited(String method) {
        return limited.getOrDefault(method, 0);
    }

    private Integer retryAfter(Call call) {
        synchronized (rateLimits) {
            for (RateLimit limit : rateLimits) {
                if (limit.calls > 0 && limit.method.equals(call.method()) && limit.which.test(call)) {
                    limit.calls--;
                    limited.merge(call.method(), 1, Integer::sum);
                    return limit.retryAfterSeconds;
                }
            }
            return null;
        }
    }

    /** Answers {@code method} with ok again. */
    void accept(String method) {
        refusals.remove(method);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        String method = path.startsWith("/api/") ? path.substring("/api/".length()) : "response_url";
        Map<String, String> form = form(body);
        Integer retryAfter = retryAfter(new Call(method, form, body));
        if (retryAfter != null) {
            byte[] limitedReply = JSON.writeValueAsBytes(Map.of("ok", false, "error", "ratelimited"));
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.getResponseHeaders().add("Retry-After", String.valueOf(retryAfter));
            exchange.sendResponseHeaders(429, limitedReply.length);
            exchange.getResponseBody().write(limitedReply);
            exchange.close();
            return;
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("ok", true);
        switch (method) {
            case "auth.test" -> {
                reply.put("team_id", "T1");
                reply.put("user_id", "UBOT");
                reply.put("bot_id", "B1");
                reply.put("url", "https://backstop-test.slack.com/");
            }
            case "chat.postMessage" -> {
                String channel = form.getOrDefault("channel", "C1");
                reply.put("channel", channel.startsWith("#") ? "C" + channel.substring(1).toUpperCase() : channel);
                reply.put("ts", "1700000000." + String.format("%06d", messages.incrementAndGet()));
            }
            case "chat.update" -> {
                reply.put("channel", form.get("channel"));
                reply.put("ts", form.get("ts"));
            }
            case "apps.connections.open" -> reply.put("url", socketModeUrl);
            default -> { }
        }
        String refusal = refusals.get(method);
        if (refusal != null) {
            reply.clear();
            reply.put("ok", false);
            reply.put("error", refusal);
        }
        synchronized (calls) {
            calls.add(new Call(method, form, body));
            calls.notifyAll();
        }
        byte[] bytes = JSON.writeValueAsBytes(reply);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body.startsWith("{")) {
            return fields;
        }
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    /** The calls to {@code method} so far. */
    List<Call> calls(String method) {
        synchronized (calls) {
            return calls.stream().filter(call -> call.method().equals(method)).toList();
        }
    }

    /** Waits until a call matches, and returns it; fails after {@code timeout}. */
    Call await(Duration timeout, Predicate<Call> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (calls) {
            while (true) {
                for (Call call : calls) {
                    if (wanted.test(call)) {
                        return call;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching Slack API call within " + timeout + "; calls: " + calls);
                }
                calls.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
