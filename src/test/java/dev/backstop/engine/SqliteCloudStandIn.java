package dev.backstop.engine;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for SQLite Cloud's Weblite API on 127.0.0.1: real SQLite files in {@code folder}, served by
 * {@code GET}, {@code POST} (new), {@code PATCH} (existing) and {@code DELETE /v2/weblite/NAME}, each
 * answering 401 without {@code Authorization: Bearer sqlitecloud://127.0.0.1:8860?apikey=KEY}. With
 * {@link #failNextUpload} set, the next upload writes half its body over the database, as a server that
 * broke mid-write, and answers 500. Bodies stream to and from disk.
 */
final class SqliteCloudStandIn implements AutoCloseable {

    private final Path folder;
    private final String authorization;
    private final HttpServer server;
    private final AtomicInteger failingUploads = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> headers = new CopyOnWriteArrayList<>();

    SqliteCloudStandIn(Path folder, String apiKey) throws IOException {
        this.folder = folder;
        this.authorization = "Bearer sqlitecloud://127.0.0.1:8860?apikey=" + apiKey;
        Files.createDirectories(folder);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/weblite/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The file that holds database {@code name}. */
    Path file(String name) {
        return folder.resolve(name);
    }

    boolean exists(String name) {
        return Files.exists(file(name));
    }

    void failNextUpload() {
        failUploads(1);
    }

    /** Makes the next {@code count} uploads fail half-way. */
    void failUploads(int count) {
        failingUploads.set(count);
    }

    /** Every request line seen, such as {@code PATCH /v2/weblite/games.sqlite}. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String name = exchange.getRequestURI().getPath().substring("/v2/weblite/".length());
            requests.add(method + " " + exchange.getRequestURI());
            if (!authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, "{\"error\":\"unauthorized\"}");
                return;
            }
            if (name.isEmpty() || name.contains("/") || name.startsWith(".")) {
                answer(exchange, 400, "{\"error\":\"bad name\"}");
                return;
            }
            Path file = file(name);
            switch (method) {
                case "GET" -> {
                    if (!Files.exists(file)) {
                        answer(exchange, 404, "{\"error\":\"not found\"}");
                        return;
                    }
                    exchange.sendResponseHeaders(200, Files.size(file));
                    try (OutputStream out = exchange.getResponseBody()) {
                        Files.copy(file, out);
                    }
                }
                case "POST", "PATCH" -> {
                    if (method.equals("POST") == Files.exists(file)) {
                        answer(exchange, method.equals("POST") ? 409 : 404, "{\"error\":\"exists or missing\"}");
                        return;
                    }
                    upload(exchange, file);
                }
                case "DELETE" -> {
                    answer(exchange, Files.deleteIfExists(file) ? 200 : 404, "{}");
                }
                default -> answer(exchange, 405, "{}");
            }
        }
    }

    private void upload(HttpExchange exchange, Path file) throws IOException {
        Path incoming = Files.createTempFile(folder, ".upload-", ".tmp");
        try (InputStream in = exchange.getRequestBody()) {
            Files.copy(in, incoming, StandardCopyOption.REPLACE_EXISTING);
        }
        if (failingUploads.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            try (FileChannel channel = FileChannel.open(incoming, StandardOpenOption.WRITE)) {
                channel.truncate(channel.size() / 2);
            }
            Files.move(incoming, file, StandardCopyOption.REPLACE_EXISTING);
            answer(exchange, 500, "{\"error\":\"write failed\"}");
            return;
        }
        Files.move(incoming, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        answer(exchange, 200, "{\"data\":\"ok\"}");
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
