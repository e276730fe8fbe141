package dev.backstop.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs psql, pg_dump and pg_restore against PostgreSQL URLs, handing them the password only through
 * their environment (PGPASSWORD) and otherwise leaving libpq's own lookups (PGPASSWORD, ~/.pgpass).
 */
final class PostgresClient {

    /** Separates fields in psql's unaligned output (ASCII unit separator). */
    static final String FIELD = "\u001f";
    /** Separates rows in psql's unaligned output (ASCII record separator). */
    static final String ROW = "\u001e";

    /** Every base table outside the system schemas as {@code schema.table} and its exact row count. */
    static final String TABLE_ROW_COUNTS = "SELECT table_schema || '.' || table_name,"
            + " (xpath('/row/c/text()', query_to_xml(format('select count(*) as c from %I.%I',"
            + " table_schema, table_name), false, true, '')))[1]::text"
            + " FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
            + " AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1";

    private final String password;
    private final Path workDir;

    PostgresClient(String password, Path workDir) {
        this.password = password == null ? "" : password;
        this.workDir = workDir;
    }

    /** The same client with {@code other} as password when it is not empty. */
    PostgresClient withPassword(String other) {
        return other == null || other.isEmpty() ? this : new PostgresClient(other, workDir);
    }

    String password() {
        return password;
    }

    /**
     * Runs {@code sql} with psql in {@code url}'s database, stopping at the first error, and returns
     * the rows, each a list of fields. Throws with one clear line when psql fails.
     */
    List<List<String>> query(PostgresUrl url, String sql) throws IOException {
        String output;
        try (ChildProcess psql = start("psql", url, List.of("-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-F", FIELD, "-R", ROW, "-f", "-"))) {
            try (OutputStream stdin = psql.stdin()) {
                stdin.write(sql.getBytes(StandardCharsets.UTF_8));
            } catch (IOException gone) {
                // psql quit before reading the script; its exit status and stderr say why.
            }
            output = new String(psql.stdout().readAllBytes(), StandardCharsets.UTF_8);
            int status = psql.waitFor();
            if (status != 0) {
                throw new IOException(failure(psql, url));
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (String row : output.split(ROW)) {
            String trimmed = row.strip();
            if (!trimmed.isEmpty()) {
                rows.add(List.of(row.replaceAll("^\\R+|\\R+$", "").split(FIELD, -1)));
            }
        }
        return rows;
    }

    /** Starts {@code program} connected to {@code url}, with {@code arguments} before the connection. */
    ChildProcess start(String program, PostgresUrl url, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(PostgresTools.find(program));
        command.addAll(arguments);
        command.add("--no-password");
        command.add("--dbname=" + url.withoutPassword());
        return ChildProcess.start(command, environment(), workDir);
    }

    /** What {@code program --version} prints, such as {@code pg_dump (PostgreSQL) 15.8}. */
    String version(String program) throws IOException {
        try (ChildProcess run = startVersion(program)) {
            return version(run);
        }
    }

    /** Starts {@code program --version}, so it runs while the caller does something else; see {@link #version(ChildProcess)}. */
    ChildProcess startVersion(String program) throws IOException {
        ChildProcess run = ChildProcess.start(List.of(PostgresTools.find(program), "--version"), environment(), workDir);
        run.stdin().close();
        return run;
    }

    /** What the {@code --version} run {@code run} printed; throws with one line when it failed. */
    String version(ChildProcess run) throws IOException {
        String printed = new String(run.stdout().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (run.waitFor() != 0) {
            throw new IOException(run.program() + " --version failed: " + PostgresFailures.scrub(run.stderr(), password));
        }
        return printed;
    }

    /** One line that explains why {@code run} failed against {@code url}, without the password. */
    String failure(ChildProcess run, PostgresUrl url) {
        return PostgresFailures.explain(run.program(), run.stderr(), url, password);
    }

    /** Redacts the password from any text about this client's work. */
    String scrub(String text) {
        return PostgresFailures.scrub(text, password);
    }

    /** libpq's variables that choose where a connection goes; the URL alone decides that. */
    private static final java.util.List<String> CONNECTION_VARIABLES = java.util.List.of("PGHOST", "PGHOSTADDR",
            "PGPORT", "PGDATABASE", "PGSERVICE", "PGSERVICEFILE", "PGTARGETSESSIONATTRS");

    /**
     * The tools' environment: the password, timeouts and names, and none of libpq's variables that
     * choose the server, port or database, so a tool connects exactly where the URL says (the URL a
     * restore target was checked by, for the two-person rule).
     */
    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        for (String connection : CONNECTION_VARIABLES) {
            environment.put(connection, null);
        }
        if (!password.isEmpty()) {
            environment.put("PGPASSWORD", password);
        }
        if (System.getenv("PGCONNECT_TIMEOUT") == null) {
            environment.put("PGCONNECT_TIMEOUT", "10");
        }
        environment.put("PGAPPNAME", "backstop");
        environment.put("PGCLIENTENCODING", "UTF8");
        environment.put("LC_MESSAGES", "C");
        environment.put("LANGUAGE", "C");
        return environment;
    }
}
