package dev.backstop.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The read-only status page: {@code GET /} is an HTML page with the status data inlined, drawn by a
 * small script served from the jar ({@code /status.js}, {@code /status.css}; no CDN), and
 * {@code GET /api/status} is the same data as JSON.
 */
public final class StatusPage {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private static final String DATA_PLACEHOLDER = "{/*status data*/}";

    private final Supplier<String> json;
    private final String template;
    private final String script;
    private final String style;

    /** A page drawn from {@code json}, asked afresh on every request. */
    public StatusPage(Supplier<String> json) {
        this.json = json;
        this.template = resource("index.html");
        this.script = resource("status.js");
        this.style = resource("status.css");
        if (!template.contains(DATA_PLACEHOLDER)) {
            throw new IllegalStateException("status/index.html lacks the data placeholder " + DATA_PLACEHOLDER);
        }
    }

    /** The status data as JSON. */
    public String json() {
        return json.get();
    }

    /** The page, with the data inside a JSON script element; every {@code <} is escaped so no text can end it. */
    public String html() {
        return template.replace(DATA_PLACEHOLDER, json().replace("<", "\\u003c"));
    }

    String script() {
        return script;
    }

    String style() {
        return style;
    }

    private static String resource(String name) {
        try (InputStream in = StatusPage.class.getResourceAsStream("/status/" + name)) {
            if (in == null) {
                throw new IllegalStateException("status/" + name + " is missing from the jar; rebuild it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read status/" + name + " from the jar", unreadable);
        }
    }
}
