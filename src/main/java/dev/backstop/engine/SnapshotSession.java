package dev.backstop.engine;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A psql session that holds one repeatable-read transaction open, exports its snapshot for
 * {@code pg_dump --snapshot}, and counts rows inside it, so the counts match the dump exactly.
 * The counting is sent as soon as the snapshot is exported and read only when asked for, so the
 * server counts while pg_dump dumps.
 */
final class SnapshotSession implements AutoCloseable {

    private static final String DONE = "__backstop_snapshot_ready__";
    private static final String COUNTED = "__backstop_rows_counted__";

    private final PostgresClient client;
    private final PostgresUrl url;
    private final ChildProcess psql;
    private final Writer stdin;
    private final Reader stdout;
    private final String snapshot;
    private final String serverVersion;
    private Map<String, Long> rowCounts;

    private SnapshotSession(PostgresClient client, PostgresUrl url, ChildProcess psql, Writer stdin, Reader stdout,
                            String snapshot, String serverVersion) {
        this.client = client;
        this.url = url;
        this.psql = psql;
        this.stdin = stdin;
        this.stdout = stdout;
        this.snapshot = snapshot;
        this.serverVersion = serverVersion;
    }

    /** Opens the transaction on {@code url}, exports its snapshot and starts counting every table's rows in it. */
    static SnapshotSession open(PostgresClient client, PostgresUrl url) throws IOException {
        ChildProcess psql = client.start("psql", url, List.of("-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-F", PostgresClient.FIELD, "-R", PostgresClient.ROW, "-f", "-"));
        try {
            Writer stdin = new java.io.OutputStreamWriter(psql.stdin(), StandardCharsets.UTF_8);
            try {
                stdin.write("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\n"
                        + "SELECT 'snapshot', pg_export_snapshot();\n"
                        + "SELECT 'server_version', current_setting('server_version');\n"
                        + "\\echo " + DONE + "\n");
                stdin.flush();
            } catch (IOException gone) {
                // psql quit at once (cannot connect); its stderr says why below.
            }
            Reader stdout = new InputStreamReader(psql.stdout(), StandardCharsets.UTF_8);
            String output = readUntil(stdout, DONE);
            if (output == null) {
                psql.waitFor();
                throw new IOException(client.failure(psql, url));
            }
            String snapshot = "";
            String serverVersion = "";
            for (List<String> fields : rows(output)) {
                switch (fields.get(0)) {
                    case "snapshot" -> snapshot = fields.get(1);
                    case "server_version" -> serverVersion = fields.get(1);
                    default -> { }
                }
            }
            if (snapshot.isEmpty()) {
                throw new IOException("psql exported no snapshot from " + url.database() + "; got: "
                        + client.scrub(output));
            }
            stdin.write("SELECT 'rows', counts.* FROM (" + PostgresClient.TABLE_ROW_COUNTS + ") counts;\n"
                    + "\\echo " + COUNTED + "\n");
            stdin.flush();
            return new SnapshotSession(client, url, psql, stdin, stdout, snapshot, serverVersion);
        } catch (IOException | RuntimeException failed) {
            psql.close();
            throw failed;
        }
    }

    private static List<List<String>> rows(String output) {
        return java.util.Arrays.stream(output.split("[" + PostgresClient.ROW + "\n]"))
                .map(row -> List.of(row.split(PostgresClient.FIELD, -1)))
                .toList();
    }

    /** Reads psql's output up to {@code marker}; null when psql ended before it (it failed). */
    private static String readUntil(Reader reader, String marker) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        int read;
        while ((read = reader.read(buffer)) >= 0) {
            text.append(buffer, 0, read);
            int end = text.indexOf(marker);
            if (end >= 0) {
                return text.substring(0, end);
            }
        }
        return null;
    }

    /** The snapshot id for {@code pg_dump --snapshot}. */
    String snapshot() {
        return snapshot;
    }

    String serverVersion() {
        return serverVersion;
    }

    /** {@code schema.table} to its exact row count as of the snapshot; waits for the count to finish. */
    Map<String, Long> rowCounts() throws IOException {
        if (rowCounts == null) {
            String output = readUntil(stdout, COUNTED);
            if (output == null) {
                psql.waitFor();
                throw new IOException(client.failure(psql, url));
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            for (List<String> fields : rows(output)) {
                if (fields.get(0).equals("rows")) {
                    counts.put(fields.get(1), Long.parseLong(fields.get(2)));
                }
            }
            rowCounts = java.util.Collections.unmodifiableMap(counts);
        }
        return rowCounts;
    }

    /**
     * Ends the transaction; the snapshot is no longer usable afterwards. When the row counts were never
     * read (the dump failed), psql is stopped at once: nobody reads its output, so waiting for it to end
     * could wait forever on a full pipe, and a read-only transaction has nothing to commit.
     */
    @Override
    public void close() {
        if (rowCounts == null) {
            psql.close();
            return;
        }
        try {
            stdin.write("COMMIT;\n");
            stdin.close();
            psql.waitFor();
        } catch (IOException gone) {
            // psql is gone already; closing it below is all that is left.
        }
        psql.close();
    }
}
