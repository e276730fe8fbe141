package dev.backstop.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One D1 database of the account, named by its id: SQL through {@code POST .../query}, its tables, and
 * Time Travel bookmarks. Targets are spelled {@code d1://<database_id>}.
 */
final class D1Database {

    static final String SCHEME = "d1://";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    static final String USER_TABLES = "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            + " AND name NOT LIKE '_cf_%' ORDER BY name";

    private final D1Api api;
    private final String id;

    D1Database(D1Api api, String id) {
        this.api = api;
        this.id = id;
    }

    /** The database id of {@code target} ({@code d1://<database_id>}), or a one-line refusal. */
    static String idOf(String target) {
        String spelled = target == null ? "" : target.strip();
        if (!spelled.toLowerCase(Locale.ROOT).startsWith(SCHEME)
                || !ID.matcher(spelled.substring(SCHEME.length())).matches()) {
            throw new dev.backstop.core.BackstopException("cannot restore a d1 backup into `"
                    + dev.backstop.core.Redaction.secrets(spelled) + "`; name a D1 database as d1://<database_id>");
        }
        return spelled.substring(SCHEME.length()).toLowerCase(Locale.ROOT);
    }

    String id() {
        return id;
    }

    String path(String rest) {
        return "/d1/database/" + D1Api.encode(id) + rest;
    }

    /** The rows of the first statement's results, each an object of column to value. */
    List<JsonNode> query(String sql) throws IOException {
        JsonNode result = api.call("POST", path("/query"), D1Api.body().put("sql", sql)).result();
        List<JsonNode> rows = new ArrayList<>();
        result.path(0).path("results").forEach(rows::add);
        return rows;
    }

    /** The first column of each row of {@code sql}. */
    List<String> column(String sql) throws IOException {
        List<String> values = new ArrayList<>();
        for (JsonNode row : query(sql)) {
            values.add(row.elements().hasNext() ? row.elements().next().asText() : "");
        }
        return values;
    }

    /** The app's tables (not SQLite's or D1's own). */
    List<String> tables() throws IOException {
        return column(USER_TABLES);
    }

    /** The bookmark of the database's state now. */
    String bookmark() throws IOException {
        return api.call("GET", path("/time_travel/bookmark"), null).result().path("bookmark").asText();
    }

    /** The bookmark nearest before {@code timestamp} (ISO-8601). */
    String bookmarkAt(String timestamp) throws IOException {
        return api.call("GET", path("/time_travel/bookmark?timestamp=" + D1Api.encode(timestamp)), null).result()
                .path("bookmark").asText();
    }

    /** Puts the database back to {@code bookmark}; the answer holds {@code bookmark} and {@code previous_bookmark}. */
    JsonNode restoreTo(String bookmark) throws IOException {
        return api.call("POST", path("/time_travel/restore?bookmark=" + D1Api.encode(bookmark)), null).result();
    }

    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
