package dev.backstop.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.core.Alert;
import dev.backstop.core.AlertSink;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * POSTs alerts as JSON ({@code event}, {@code database}, {@code message}, {@code timestamp},
 * {@code source}) to {@code alerts.webhook_url}, for PagerDuty or a second chat; retries with
 * exponential backoff on network errors and 5xx answers.
 */
public final class WebhookAlertSink implements AlertSink {

    /** Waits between attempts; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final HttpClient client;
    private final int attempts;
    private final Duration firstBackoff;
    private final Sleeper sleeper;

    public WebhookAlertSink(URI url, int attempts, Duration firstBackoff, Sleeper sleeper) {
        this.url = url;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
        this.sleeper = sleeper;
    }

    public static WebhookAlertSink standard(URI url) {
        return new WebhookAlertSink(url, 5, Duration.ofSeconds(1), duration -> Thread.sleep(duration.toMillis()));
    }

    @Override
    public void send(Alert alert) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", alert.event());
        body.put("database", alert.database());
        body.put("message", alert.message());
        body.put("timestamp", alert.timestamp().toString());
        body.put("source", "backstop");
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        String last = "";
        Duration backoff = firstBackoff;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() < 300) {
                    return;
                }
                last = "HTTP " + response.statusCode();
                if (response.statusCode() < 500 && response.statusCode() != 429) {
                    break;
                }
            } catch (IOException unreachable) {
                last = unreachable.getClass().getSimpleName() + " " + String.valueOf(unreachable.getMessage());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while sending a webhook alert");
            }
            if (attempt < attempts) {
                try {
                    sleeper.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while sending a webhook alert");
                }
                backoff = backoff.multipliedBy(2);
            }
        }
        throw new IOException("webhook " + url.getHost() + " did not take alert " + alert.event() + ": " + last
                + "; check alerts.webhook_url");
    }
}
