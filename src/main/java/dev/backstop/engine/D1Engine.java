package dev.backstop.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.BackstopException;
import dev.backstop.core.DatabaseEngine;
import dev.backstop.core.DrillSupport;
import dev.backstop.core.PointInTime;
import dev.backstop.core.SnapshotRowCounts;
import dev.backstop.core.SourceSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Cloudflare D1 databases over the REST API. A backup is D1's export (SQLite SQL text), polled until
 * complete and downloaded from its signed URL straight into the pipeline, its rows counted as it streams
 * ({@link D1DumpRows}); the snapshot records the export's {@code at_bookmark}. A restore is
 * {@link D1Restore}'s. Targets are {@code d1://<database_id>}; drills use a scratch database created
 * in the account and deleted after. A restore to a time ({@link PointInTime}) is Time Travel: the bookmark
 * nearest before that time, restored in place.
 */
public final class D1Engine implements DatabaseEngine, DrillSupport, SnapshotRowCounts, PointInTime {

    /** How far back D1 Time Travel reaches on the Workers Paid plan. */
    static final Duration TIME_TRAVEL = Duration.ofDays(30);

    private final D1Api api;
    private final D1Database source;
    private final D1Polls polls;
    private final D1Restore restores;

    /** The database {@code databaseId} of {@code accountId}, reached at {@code apiUrl} with {@code token}. */
    public D1Engine(String apiUrl, String accountId, String databaseId, String token, Path workDir) {
        this(apiUrl, accountId, databaseId, token, workDir, D1Polls.STANDARD);
    }

    D1Engine(String apiUrl, String accountId, String databaseId, String token, Path workDir, D1Polls polls) {
        this.api = new D1Api(apiUrl, accountId, token);
        this.source = new D1Database(api, D1Database.idOf(D1Database.SCHEME + databaseId));
        this.polls = polls;
        this.restores = new D1Restore(api, workDir, polls);
    }

    @Override
    public String name() {
        return D1Provider.NAME;
    }

    @Override
    public String dumpFormat() {
        return "d1-export-sql";
    }

    @Override
    public String defaultTarget() {
        return D1Database.SCHEME + source.id();
    }

    @Override
    public boolean isSource(String target) {
        if (target == null || target.isBlank()) {
            return true;
        }
        try {
            return D1Database.idOf(target).equals(source.id());
        } catch (BackstopException notD1) {
            return false;
        }
    }

    @Override
    public SourceSnapshot dump(OutputStream out) throws IOException {
        JsonNode answer = exportAnswer();
        String url = answer.path("result").path("signed_url").asText("");
        if (url.isEmpty()) {
            throw new IOException("D1 export of " + defaultTarget() + " completed without a signed_url; try again");
        }
        D1DumpRows counted = new D1DumpRows(out);
        try (InputStream download = api.download(url)) {
            download.transferTo(counted);
        }
        counted.flush();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("at_bookmark", answer.path("at_bookmark").asText(""));
        details.put("d1_database_id", source.id());
        return new SourceSnapshot(counted.counts(), details);
    }

    /** Starts the export and polls it while it is active; the complete answer's result. */
    private JsonNode exportAnswer() throws IOException {
        D1Api.Answer answer = api.call("POST", source.path("/export"), D1Api.body().put("output_format", "polling"));
        for (int poll = 0; ; poll++) {
            String status = answer.result().path("status").asText("");
            if (answer.status() == 200 && status.equals("complete")) {
                return answer.result();
            }
            if (!status.equals("active")) {
                throw new IOException("D1 export of " + defaultTarget() + " ended " + (status.isEmpty() ? "without a"
                        + " status" : status) + ": " + answer.result().path("error").asText("no reason given")
                        + "; try the backup again");
            }
            polls.waitBefore(poll, "export of " + defaultTarget());
            answer = api.call("POST", source.path("/export"), D1Api.body().put("output_format", "polling")
                    .put("current_bookmark", answer.result().path("at_bookmark").asText("")));
        }
    }

    @Override
    public void restore(InputStream dump, String target) throws IOException {
        restores.restore(dump, new D1Database(api, D1Database.idOf(target)));
    }

    @Override
    public void requireTarget(String target) {
        D1Database.idOf(target);
    }

    @Override
    public List<String> damageProblems(String target) throws IOException {
        List<String> problems = new ArrayList<>(database(target).column("PRAGMA quick_check"));
        problems.removeIf(line -> line.equalsIgnoreCase("ok"));
        return problems;
    }

    @Override
    public Map<String, Long> rowCounts(String target) throws IOException {
        D1Database database = database(target);
        Map<String, Long> counts = new TreeMap<>();
        List<String> tables = database.tables();
        if (tables.isEmpty()) {
            return counts;
        }
        StringBuilder sql = new StringBuilder();
        for (String table : tables) {
            sql.append(sql.length() == 0 ? "" : " UNION ALL ").append("SELECT ").append(D1Database.literal(table))
                    .append(" AS t, count(*) AS n FROM ").append(D1Database.identifier(table));
        }
        for (JsonNode row : database.query(sql.toString())) {
            counts.put(row.path("t").asText(), row.path("n").asLong());
        }
        return counts;
    }

    /** A new D1 database in the account named {@code backstop-drill-<label>}, made now: D1 names databases by id. */
    @Override
    public String scratchTarget(String label) {
        try {
            JsonNode made = api.call("POST", "/d1/database", D1Api.body().put("name", "backstop-drill-"
                    + label.replace('_', '-'))).result();
            return D1Database.SCHEME + D1Database.idOf(D1Database.SCHEME + made.path("uuid").asText(""));
        } catch (IOException failed) {
            throw new BackstopException("cannot create a scratch D1 database for the drill: " + failed.getMessage(),
                    failed);
        }
    }

    /** Drills of D1 always use a new database of the same account; {@code drill.target} does not apply. */
    @Override
    public String scratchTarget(String label, String place) {
        throw new BackstopException("drill.target does not apply to d1 databases (a drill creates a scratch D1"
                + " database in the account); remove it");
    }

    @Override
    public void dropScratch(String target) throws IOException {
        String id = D1Database.idOf(target);
        if (id.equals(source.id())) {
            throw new IOException("refusing to delete " + target + ": it is the source database");
        }
        try {
            api.call("DELETE", "/d1/database/" + D1Api.encode(id), null);
        } catch (IOException failed) {
            if (!failed.getMessage().contains("[code: 7404]")) {
                throw failed;
            }
        }
    }

    @Override
    public List<String> integrityProblems(String target) throws IOException {
        List<String> problems = new ArrayList<>(damageProblems(target));
        for (JsonNode row : database(target).query("PRAGMA foreign_key_check")) {
            problems.add("foreign key: " + row);
        }
        return problems;
    }

    @Override
    public Optional<String> firstValue(String target, String query) throws IOException {
        List<String> values = database(target).column(query);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    @Override
    public Duration reach() {
        return TIME_TRAVEL;
    }

    @Override
    public String bookmarkAt(Instant at) throws IOException {
        String bookmark = source.bookmarkAt(at.toString());
        if (bookmark.isEmpty()) {
            throw new IOException("D1 Time Travel has no bookmark for " + defaultTarget() + " at " + at
                    + "; pick a later time");
        }
        return bookmark;
    }

    @Override
    public Rewound rewindTo(String bookmark) throws IOException {
        JsonNode restored = source.restoreTo(bookmark);
        return new Rewound(restored.path("bookmark").asText(bookmark), restored.path("previous_bookmark").asText(""));
    }

    private D1Database database(String target) {
        return new D1Database(api, D1Database.idOf(target));
    }
}
