package dev.backstop.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for Cloudflare's D1 REST API, each database a real SQLite file executed with
 * sqlite-jdbc: queries, export (202 while active, then 200 with a signed URL that refuses a token),
 * import (init, upload answering the MD5 as ETag, ingest, poll), Time Travel (bookmarks that sort as
 * strings, a copy of the file kept for each), database create and delete. Every API call needs
 * {@code Bearer TOKEN} (else 403, code 10000). Tests can make the next calls answer 429, an export fail
 * while polled, an import fail half-way, or an upload come back with a wrong ETag.
 */
public final class FakeD1Api implements AutoCloseable {

    public static final String ACCOUNT = "acc0123456789";
    public static final String TOKEN = "cf-Token-Secret-0987654321";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DATABASE = Pattern.compile("^/client/v4/accounts/([^/]+)/d1/database(?:/([^/]+)(/.*)?)?$");

    /** One database: its file, and a copy of that file for each bookmark. */
    private record Database(String name, Path file, Map<String, byte[]> states, Map<String, Instant> times) {
    }

    private final HttpServer server;
    private final Path folder;
    private final Map<String, Database> databases = new ConcurrentHashMap<>();
    private final Map<String, Path> downloads = new ConcurrentHashMap<>();
    private final Map<String, byte[]> uploads = new ConcurrentHashMap<>();
    private final Map<String, String> importStatus = new ConcurrentHashMap<>();
    private final AtomicInteger bookmarks = new AtomicInteger();
    private final AtomicInteger rateLimited = new AtomicInteger();
    /** Every request line seen, with its headers, for tests that look for the token where it must not be. */
    final List<String> seen = new CopyOnWriteArrayList<>();
    volatile boolean failExportWhilePolled;
    volatile int failImportAfterStatements = -1;
    volatile boolean wrongEtag;
    volatile int exportPolls;

    public FakeD1Api(Path folder) throws IOException {
        this.folder = folder;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::answer);
        server.start();
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/client/v4";
    }

    /** The next {@code calls} API calls answer 429 with {@code retry-after: 1}. */
    void rateLimitNext(int calls) {
        rateLimited.set(calls);
    }

    /** A new database holding what {@code sql} makes; its id. */
    public String create(String name, String sql) {
        String id = UUID.randomUUID().toString();
        Database database = new Database(name, folder.resolve(id + ".db"), new ConcurrentHashMap<>(),
                new ConcurrentHashMap<>());
        databases.put(id, database);
        execute(database, "CREATE TABLE _cf_KV (key TEXT PRIMARY KEY, value BLOB);" + sql);
        try {
            snapshot(database);
        } catch (IOException unreadable) {
            throw new java.io.UncheckedIOException(unreadable);
        }
        return id;
    }

    /** The ids of the databases there are now. */
    List<String> ids() {
        return List.copyOf(databases.keySet());
    }

    boolean exists(String id) {
        return databases.containsKey(id);
    }

    /** The first column of each row of {@code sql} in database {@code id}, run directly on its file (no bookmark). */
    public List<String> column(String id, String sql) {
        List<String> values = new ArrayList<>();
        for (JsonNode row : execute(databases.get(id), sql).get(0)) {
            values.add(row.elements().next().asText());
        }
        return values;
    }

    /**
     * A new bookmark of database {@code id} as it is now, dated {@code at}, so that Time Travel for times from
     * {@code at} on resolves to it (as if D1's history for that time had changed); the bookmark.
     */
    public String bookmarkDated(String id, Instant at) throws IOException {
        Database database = databases.get(id);
        String bookmark = snapshot(database);
        database.times().put(bookmark, at);
        return bookmark;
    }

    /** Forgets {@code bookmark} of database {@code id}, as D1 does past its retention: restoring it answers 400. */
    void forget(String id, String bookmark) {
        databases.get(id).states().remove(bookmark);
        databases.get(id).times().remove(bookmark);
    }

    /** The bookmarks Time Travel was asked to restore, in order. */
    public List<String> restoredBookmarks() {
        return seen.stream().filter(line -> line.startsWith("POST ") && line.contains("/time_travel/restore?bookmark="))
                .map(line -> line.replaceFirst("^.*/time_travel/restore\\?bookmark=(\\S+) .*$", "$1")).toList();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + exchange.getRequestHeaders());
            if (path.startsWith("/signed/")) {
                signed(exchange, path.substring("/signed/".length()));
                return;
            }
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 403, failure(10000, "Authentication error"));
                return;
            }
            if (rateLimited.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                exchange.getResponseHeaders().add("retry-after", "1");
                send(exchange, 429, failure(971, "Please wait and consider throttling your request speed"));
                return;
            }
            Matcher route = DATABASE.matcher(path);
            if (!route.matches() || !route.group(1).equals(ACCOUNT)) {
                send(exchange, 404, failure(7003, "Could not route to " + path));
                return;
            }
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            route(exchange, route.group(2), route.group(3) == null ? "" : route.group(3), body);
        } catch (RuntimeException | SQLException failed) {
            send(exchange, 500, failure(7500, String.valueOf(failed.getMessage())));
        }
    }

    private void route(HttpExchange exchange, String id, String rest, JsonNode body) throws IOException, SQLException {
        String method = exchange.getRequestMethod();
        if (id == null && method.equals("POST")) {
            String made = create(body.path("name").asText(), "");
            send(exchange, 200, success(JSON.createObjectNode().put("uuid", made).put("name", body.path("name").asText())));
            return;
        }
        Database database = id == null ? null : databases.get(id);
        if (database == null) {
            send(exchange, 404, failure(7404, "The database " + id + " could not be found"));
            return;
        }
        String query = exchange.getRequestURI().getRawQuery();
        switch (method + " " + rest) {
            case "DELETE " -> {
                databases.remove(id);
                send(exchange, 200, success(JSON.nullNode()));
            }
            case "POST /query" -> {
                snapshot(database);
                ArrayNode results = JSON.createArrayNode();
                for (ArrayNode rows : execute(database, body.path("sql").asText())) {
                    results.addObject().put("success", true).set("results", rows);
                }
                send(exchange, 200, success(results));
            }
            case "POST /export" -> export(exchange, database, body);
            case "POST /import" -> importing(exchange, database, body);
            case "GET /time_travel/bookmark" -> {
                String bookmark = query == null ? snapshot(database) : nearest(database, parameter(query, "timestamp"));
                send(exchange, 200, success(JSON.createObjectNode().put("bookmark", bookmark)));
            }
            case "POST /time_travel/restore" -> {
                String wanted = parameter(query, "bookmark");
                byte[] state = database.states().get(wanted);
                if (state == null) {
                    send(exchange, 400, failure(7500, "bookmark " + wanted + " is not known"));
                    return;
                }
                String previous = snapshot(database);
                Files.write(database.file(), state);
                send(exchange, 200, success(JSON.createObjectNode().put("bookmark", wanted)
                        .put("previous_bookmark", previous).put("message", "Restored")));
            }
            default -> send(exchange, 404, failure(7003, "No route for " + method + " " + rest));
        }
    }

    private void export(HttpExchange exchange, Database database, JsonNode body) throws IOException, SQLException {
        ObjectNode result = JSON.createObjectNode().put("success", true).put("type", "export");
        if (!body.has("current_bookmark")) {
            exportPolls = 0;
            result.put("at_bookmark", snapshot(database)).put("status", "active");
            send(exchange, 202, success(result));
            return;
        }
        exportPolls++;
        if (failExportWhilePolled) {
            send(exchange, 500, failure(7500, "Export failed: the database was too busy"));
            return;
        }
        if (exportPolls < 2) {
            result.put("at_bookmark", body.path("current_bookmark").asText()).put("status", "active");
            send(exchange, 202, success(result));
            return;
        }
        String key = UUID.randomUUID().toString();
        Path dump = folder.resolve(key + ".sql");
        Files.writeString(dump, dump(database.file()));
        downloads.put(key, dump);
        result.put("at_bookmark", body.path("current_bookmark").asText()).put("status", "complete");
        result.putObject("result").put("filename", database.name() + ".sql").put("signed_url",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/signed/" + key);
        send(exchange, 200, success(result));
    }

    private void importing(HttpExchange exchange, Database database, JsonNode body) throws IOException {
        ObjectNode result = JSON.createObjectNode().put("success", true).put("type", "import");
        switch (body.path("action").asText()) {
            case "init" -> {
                String filename = UUID.randomUUID() + ".sql";
                result.put("filename", filename).put("upload_url", "http://127.0.0.1:" + server.getAddress().getPort()
                        + "/signed/" + filename);
            }
            case "ingest" -> {
                byte[] sql = uploads.get(body.path("filename").asText());
                if (sql == null || !md5(sql).equals(body.path("etag").asText())) {
                    send(exchange, 400, failure(7400, "The uploaded file does not match the etag"));
                    return;
                }
                String bookmark = snapshot(database);
                importStatus.put(bookmark, load(database, new String(sql, StandardCharsets.UTF_8)));
                result.put("at_bookmark", bookmark).put("status", "active");
            }
            case "poll" -> {
                String outcome = importStatus.getOrDefault(body.path("current_bookmark").asText(), "no such import");
                result.put("at_bookmark", body.path("current_bookmark").asText())
                        .put("status", outcome.isEmpty() ? "complete" : "error");
                if (!outcome.isEmpty()) {
                    result.put("error", outcome);
                }
            }
            default -> {
                send(exchange, 400, failure(7400, "unknown action"));
                return;
            }
        }
        send(exchange, 200, success(result));
    }

    /** Runs an import's statements in order; "" when all ran, else the error (what ran by then stays). */
    private String load(Database database, String sql) {
        List<String> statements = statements(sql);
        try (Connection connection = open(database.file())) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (int index = 0; index < statements.size(); index++) {
                    if (index == failImportAfterStatements) {
                        connection.commit();
                        return "Import failed: statement " + index + " could not run";
                    }
                    statement.execute(statements.get(index));
                }
                connection.commit();
                return "";
            } catch (SQLException failed) {
                connection.commit();
                return "Import failed: " + failed.getMessage();
            }
        } catch (SQLException failed) {
            return "Import failed: " + failed.getMessage();
        }
    }

    private void signed(HttpExchange exchange, String key) throws IOException {
        if (exchange.getRequestHeaders().containsKey("Authorization")) {
            send(exchange, 400, "<Error>a signed URL takes no Authorization header</Error>");
            return;
        }
        if (exchange.getRequestMethod().equals("PUT")) {
            byte[] sql = exchange.getRequestBody().readAllBytes();
            uploads.put(key, sql);
            exchange.getResponseHeaders().add("ETag", "\"" + (wrongEtag ? md5(new byte[1]) : md5(sql)) + "\"");
            send(exchange, 200, "");
            return;
        }
        Path dump = downloads.get(key);
        if (dump == null) {
            send(exchange, 404, "<Error>NoSuchKey</Error>");
            return;
        }
        exchange.sendResponseHeaders(200, Files.size(dump));
        try (OutputStream out = exchange.getResponseBody()) {
            Files.copy(dump, out);
        }
    }

    /** A bookmark for the file as it is now, keeping a copy of it. Bookmarks sort as strings in time order. */
    private synchronized String snapshot(Database database) throws IOException {
        String bookmark = String.format("%08d-%08x", bookmarks.incrementAndGet(), database.file().hashCode());
        database.states().put(bookmark, Files.exists(database.file()) ? Files.readAllBytes(database.file()) : new byte[0]);
        database.times().put(bookmark, Instant.now());
        return bookmark;
    }

    private static String nearest(Database database, String timestamp) {
        Instant at = Instant.parse(timestamp);
        return database.times().entrySet().stream().filter(entry -> !entry.getValue().isAfter(at))
                .map(Map.Entry::getKey).max(String::compareTo).orElseThrow(() -> new IllegalArgumentException(
                        "no bookmark before " + timestamp));
    }

    private List<ArrayNode> execute(Database database, String sql) {
        List<ArrayNode> results = new ArrayList<>();
        try (Connection connection = open(database.file())) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (String one : statements(sql)) {
                    ArrayNode rows = JSON.createArrayNode();
                    if (statement.execute(one)) {
                        try (ResultSet found = statement.getResultSet()) {
                            while (found.next()) {
                                ObjectNode row = rows.addObject();
                                for (int column = 1; column <= found.getMetaData().getColumnCount(); column++) {
                                    row.putPOJO(found.getMetaData().getColumnLabel(column), found.getObject(column));
                                }
                            }
                        }
                    }
                    results.add(rows);
                }
            }
            connection.commit();
        } catch (SQLException failed) {
            throw new IllegalStateException("D1_ERROR: " + failed.getMessage(), failed);
        }
        return results;
    }

    private static Connection open(Path file) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA foreign_keys = ON");
        }
        return connection;
    }

    /** D1's export format: {@code PRAGMA defer_foreign_keys=TRUE;}, each table's CREATE and INSERTs, then indexes and views. */
    static String dump(Path file) throws SQLException {
        StringBuilder sql = new StringBuilder("PRAGMA defer_foreign_keys=TRUE;\n");
        try (Connection connection = open(file); Statement statement = connection.createStatement()) {
            List<String[]> tables = new ArrayList<>();
            List<String> others = new ArrayList<>();
            try (ResultSet found = statement.executeQuery("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT"
                    + " NULL AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY rowid")) {
                while (found.next()) {
                    if (found.getString(1).equals("table")) {
                        tables.add(new String[] {found.getString(2), found.getString(3)});
                    } else {
                        others.add(found.getString(3));
                    }
                }
            }
            for (String[] table : tables) {
                sql.append(table[1]).append(";\n");
                String quoted = "\"" + table[0].replace("\"", "\"\"") + "\"";
                try (ResultSet rows = statement.executeQuery("SELECT * FROM " + quoted)) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        sql.append("INSERT INTO ").append(quoted).append(" VALUES(");
                        for (int column = 1; column <= columns; column++) {
                            sql.append(column > 1 ? "," : "").append(literal(rows.getObject(column)));
                        }
                        sql.append(");\n");
                    }
                }
            }
            others.forEach(other -> sql.append(other).append(";\n"));
        }
        return sql.toString();
    }

    private static String literal(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof byte[] bytes) {
            return "X'" + HexFormat.of().formatHex(bytes) + "'";
        }
        if (value instanceof Number) {
            return value.toString();
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }

    /** {@code sql} split at each {@code ;} outside quotes. */
    static List<String> statements(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (char each : sql.toCharArray()) {
            if (quote != 0) {
                quote = each == quote ? 0 : quote;
            } else if (each == '\'' || each == '"' || each == '`') {
                quote = each;
            } else if (each == ';') {
                if (!current.toString().isBlank()) {
                    statements.add(current.toString().strip());
                }
                current.setLength(0);
                continue;
            }
            current.append(each);
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private static String parameter(String query, String name) {
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new IllegalArgumentException(name + " is missing");
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException missing) {
            throw new IllegalStateException(missing);
        }
    }

    private static String success(JsonNode result) throws IOException {
        ObjectNode envelope = JSON.createObjectNode().put("success", true);
        envelope.putArray("errors");
        envelope.putArray("messages");
        envelope.set("result", result);
        return JSON.writeValueAsString(envelope);
    }

    private static String failure(int code, String message) {
        ObjectNode envelope = JSON.createObjectNode().put("success", false);
        envelope.putArray("errors").addObject().put("code", code).put("message", message);
        envelope.putArray("messages");
        envelope.putNull("result");
        return envelope.toString();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
