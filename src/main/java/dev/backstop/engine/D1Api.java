package dev.backstop.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Cloudflare's D1 REST API for one account, over the JDK's HTTP client. Every answer is the envelope
 * {@code {success, errors:[{code, message}], messages, result}}; a failed one becomes an {@link IOException}
 * of one line, {@code message [code: N]} with what to do. A 429 is retried after its {@code retry-after}
 * (at most {@link #RETRIES} times, each wait capped at {@link #MAX_WAIT}). The token goes only into the
 * {@code Authorization} header of API calls, never to the signed download or upload URLs.
 */
final class D1Api {

    static final int RETRIES = 4;
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    static final ObjectMapper JSON = new ObjectMapper();

    /** One answer: its HTTP status and its envelope's {@code result}. */
    record Answer(int status, JsonNode result) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final String base;
    private final String token;

    /** {@code apiUrl} such as {@code https://api.cloudflare.com/client/v4}; {@code accountId} the account's id. */
    D1Api(String apiUrl, String accountId, String token) {
        this.base = apiUrl.replaceAll("/+$", "") + "/accounts/" + encode(accountId);
        this.token = token;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static ObjectNode body() {
        return JSON.createObjectNode();
    }

    /** {@code method} on {@code path} (under the account) with an optional JSON body; the envelope's result. */
    Answer call(String method, String path, JsonNode body) throws IOException {
        String what = method + " " + path.replaceAll("\\?.*", "");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> response = send(request.build(), HttpResponse.BodyHandlers.ofString(), what);
        JsonNode envelope;
        try {
            envelope = JSON.readTree(response.body());
        } catch (IOException notJson) {
            throw new IOException("D1 " + what + " answered HTTP " + response.statusCode() + " without a JSON"
                    + " envelope; check databases.*.api_url");
        }
        if (response.statusCode() >= 300 || envelope == null || !envelope.path("success").asBoolean(false)) {
            throw new IOException("D1 " + what + " failed: " + errors(envelope, response.statusCode()));
        }
        return new Answer(response.statusCode(), envelope.path("result"));
    }

    /** A plain GET of a signed URL (no token), streamed. */
    InputStream download(String url) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build();
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream(), "download");
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("D1 export download answered HTTP " + response.statusCode()
                    + "; its signed URL may have expired, run the backup again");
        }
        return response.body();
    }

    /** A plain PUT of {@code file} to a signed upload URL (no token); the answer's {@code ETag}, unquoted. */
    String upload(String url, Path file) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(), "upload");
        if (response.statusCode() != 200) {
            throw new IOException("D1 import upload answered HTTP " + response.statusCode()
                    + "; the restore stopped, run it again");
        }
        return response.headers().firstValue("ETag").orElse("").replace("\"", "");
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String what)
            throws IOException {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<T> response;
            try {
                response = http.send(request, handler);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("D1 " + what + " was interrupted");
            } catch (IOException unreachable) {
                throw new IOException("D1 " + what + " could not reach " + request.uri().getHost() + ": "
                        + unreachable.getClass().getSimpleName() + "; check the network and api_url", unreachable);
            }
            if (response.statusCode() != 429 || attempt >= RETRIES) {
                if (response.statusCode() == 429) {
                    throw new IOException("D1 " + what + " was rate limited (HTTP 429) " + (RETRIES + 1)
                            + " times; wait a few minutes and try again");
                }
                return response;
            }
            if (response.body() instanceof InputStream stream) {
                stream.close();
            }
            pause(retryAfter(response.headers().firstValue("retry-after")));
        }
    }

    static Duration retryAfter(Optional<String> header) {
        try {
            Duration asked = Duration.ofMillis((long) (Double.parseDouble(header.orElse("1").trim()) * 1000));
            return asked.isNegative() ? Duration.ZERO : asked.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : asked;
        } catch (NumberFormatException date) {
            return Duration.ofSeconds(1);
        }
    }

    static void pause(Duration wait) throws InterruptedIOException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("D1 call was interrupted while waiting");
        }
    }

    /** The envelope's errors as {@code message [code: N]}, with what to do for the known ones. */
    static String errors(JsonNode envelope, int status) {
        StringBuilder line = new StringBuilder();
        boolean authentication = status == 401 || status == 403;
        if (envelope != null) {
            for (JsonNode error : envelope.path("errors")) {
                if (line.length() > 0) {
                    line.append("; ");
                }
                int code = error.path("code").asInt();
                authentication |= code == 10000;
                line.append(error.path("message").asText("error")).append(" [code: ").append(code).append("]");
            }
        }
        if (line.length() == 0) {
            line.append("HTTP ").append(status);
        }
        if (authentication) {
            line.append("; check api_token: it must be valid and have D1 Read and D1 Edit permission on this account");
        } else if (status == 404) {
            line.append("; check account_id and database_id (`wrangler d1 list`)");
        } else if (status >= 500) {
            line.append("; Cloudflare could not do it now, try again in a few minutes");
        } else {
            line.append("; check the database's settings and try again");
        }
        return line.toString();
    }
}
