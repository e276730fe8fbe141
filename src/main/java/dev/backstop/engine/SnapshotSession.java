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
 */
final class SnapshotSession implements AutoCloseable {

    private static final String DONE = "__backstop_snapshot_ready__";

    private final ChildProcess psql;
    private final Writer stdin;
    private final String snapshot;
    private final String serverVersion;
    private final Map<String, Long> rowCounts;

    private SnapshotSession(ChildProcess psql, Writer stdin, String snapshot, String serverVersion,
                            Map<String, Long> rowCounts) {
        this.psql = psql;
        this.stdin = stdin;
        this.snapshot = snapshot;
        this.serverVersion = serverVersion;
        this.rowCounts = rowCounts;
    }

    /** Opens the transaction on {@code url}, exports its snapshot and counts every table's rows in it. */
    static SnapshotSession open(PostgresClient client, PostgresUrl url) throws IOException {
        ChildProcess psql = client.start("psql", url, List.of("-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-F", PostgresClient.FIELD, "-R", PostgresClient.ROW, "-f", "-"));
        try {
            Writer stdin = new java.io.OutputStreamWriter(psql.stdin(), StandardCharsets.UTF_8);
            try {
                stdin.write("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\n"
                        + "SELECT 'snapshot', pg_export_snapshot();\n"
                        + "SELECT 'server_version', current_setting('server_version');\n"
                        + "SELECT 'rows', counts.* FROM (" + PostgresClient.TABLE_ROW_COUNTS + ") counts;\n"
                        + "\\echo " + DONE + "\n");
                stdin.flush();
            } catch (IOException gone) {
                // psql quit at once (cannot connect); its stderr says why below.
            }
            String output = readUntilDone(new InputStreamReader(psql.stdout(), StandardCharsets.UTF_8));
            if (output == null) {
                psql.waitFor();
                throw new IOException(client.failure(psql, url));
            }
            String snapshot = "";
            String serverVersion = "";
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String row : output.split("[" + PostgresClient.ROW + "\n]")) {
                List<String> fields = List.of(row.split(PostgresClient.FIELD, -1));
                switch (fields.get(0)) {
                    case "snapshot" -> snapshot = fields.get(1);
                    case "server_version" -> serverVersion = fields.get(1);
                    case "rows" -> counts.put(fields.get(1), Long.parseLong(fields.get(2)));
                    default -> { }
                }
            }
            if (snapshot.isEmpty()) {
                throw new IOException("psql exported no snapshot from " + url.database() + "; got: "
                        + client.scrub(output));
            }
            return new SnapshotSession(psql, stdin, snapshot, serverVersion, counts);
        } catch (IOException | RuntimeException failed) {
            psql.close();
            throw failed;
        }
    }

    /** Reads psql's output up to the end marker; null when psql ended before it (it failed). */
    private static String readUntilDone(Reader reader) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        int read;
        while ((read = reader.read(buffer)) >= 0) {
            text.append(buffer, 0, read);
            int marker = text.indexOf(DONE);
            if (marker >= 0) {
                return text.substring(0, marker);
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

    /** {@code schema.table} to its exact row count as of the snapshot. */
    Map<String, Long> rowCounts() {
        return rowCounts;
    }

    /** Ends the transaction; the snapshot is no longer usable afterwards. */
    @Override
    public void close() {
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
