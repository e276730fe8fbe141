package dev.backstop.engine;

import dev.backstop.core.BackstopException;
import dev.backstop.core.DatabaseEngine;
import dev.backstop.core.DrillSupport;
import dev.backstop.core.SetAside;
import dev.backstop.core.SetAsideHousekeeping;
import dev.backstop.core.SnapshotRowCounts;
import dev.backstop.core.SourceSnapshot;
import dev.backstop.core.TargetUrl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL databases, dumped with {@code pg_dump -Fc} and restored with {@code pg_restore} into a
 * fresh database that is swapped in by renaming only after the restore succeeded.
 */
public final class PostgresEngine implements DatabaseEngine, DrillSupport, SetAsideHousekeeping, SnapshotRowCounts {

    /** A Linux pipe holds 64 KiB: one read takes all of it (not 8 KiB) without a buffer the JDK would allocate per read. */
    private static final int DUMP_READ = 1 << 16;

    private final PostgresUrl source;
    private final PostgresClient client;
    private final PostgresRestore restores;
    private final PostgresSetAside setAside;

    /** {@code password} may be empty: then the URL's password, then PGPASSWORD or ~/.pgpass is used. */
    public PostgresEngine(String url, String password, Path workDir) {
        this(url, password, workDir, Clock.systemUTC());
    }

    /** As above, with the clock that names the databases a restore creates. */
    public PostgresEngine(String url, String password, Path workDir, Clock clock) {
        this(url, password, workDir, clock, PostgresSettings.DEFAULT_RESTORE_JOBS);
    }

    /**
     * As above, restoring with {@code restoreJobs} pg_restore jobs: 1 streams the dump into one pg_restore,
     * more stage it in {@code workDir} first for {@code pg_restore -j}.
     */
    public PostgresEngine(String url, String password, Path workDir, Clock clock, int restoreJobs) {
        this(url, password, workDir, clock, restoreJobs, PostgresSpool.FreeSpace.FILE_STORE,
                PostgresRestore.PARALLEL_FROM_BYTES);
    }

    /**
     * As above, asking {@code freeSpace} how much room the work folder has for a staged dump, and running
     * pg_restore's jobs only for dumps of {@code parallelFromBytes} or more.
     */
    PostgresEngine(String url, String password, Path workDir, Clock clock, int restoreJobs,
                   PostgresSpool.FreeSpace freeSpace, long parallelFromBytes) {
        try {
            this.source = PostgresUrl.parse(url);
        } catch (IllegalArgumentException invalid) {
            throw new BackstopException(PostgresFailures.scrub(invalid.getMessage(), password)
                    + "; set the database url to postgresql://USER@HOST:PORT/DB", invalid);
        }
        String chosen = password != null && !password.isEmpty() ? password : source.password();
        this.client = new PostgresClient(chosen, workDir);
        this.restores = new PostgresRestore(clock, restoreJobs, parallelFromBytes, workDir, freeSpace);
        this.setAside = new PostgresSetAside(source, client);
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public String dumpFormat() {
        return "pg_dump-custom";
    }

    /** The configured URL without its password; the password travels apart from it. */
    @Override
    public String defaultTarget() {
        return source.withoutPassword();
    }

    /**
     * The source database on the same server and port, whichever user or parameters the URL names, by
     * the same comparison the two-person rule uses ({@link TargetUrl#samePlace}), so a target that needs
     * approvers as production also gets its safety backup.
     */
    @Override
    public boolean isSource(String target) {
        if (target == null || target.isBlank()) {
            return true;
        }
        try {
            return TargetUrl.parse(source.withoutPassword()).samePlace(TargetUrl.parse(target));
        } catch (BackstopException notAUrl) {
            return false;
        }
    }

    /**
     * Streams {@code pg_dump -Fc -Z0} into {@code out}. The row counts are taken in a repeatable-read
     * transaction whose snapshot pg_dump also uses, so they describe exactly the dumped data; the
     * server counts while pg_dump dumps, and {@code pg_dump --version} runs while the snapshot is taken.
     */
    @Override
    public SourceSnapshot dump(OutputStream out) throws IOException {
        Map<String, String> details = new LinkedHashMap<>();
        try (ChildProcess version = client.startVersion("pg_dump");
             SnapshotSession session = SnapshotSession.open(client, source);
             ChildProcess pgDump = client.start("pg_dump", source, List.of("--format=custom", "--compress=0",
                     "--snapshot=" + session.snapshot()))) {
            details.put("pg_dump_version", client.version(version));
            details.put("server_version", session.serverVersion());
            pgDump.stdin().close();
            copy(pgDump.stdout(), out);
            if (pgDump.waitFor() != 0) {
                String dumpFailure = client.failure(pgDump, source);
                session.rowCounts(); // a failed count ends the snapshot under pg_dump: report the cause
                throw new IOException(dumpFailure);
            }
            return new SourceSnapshot(session.rowCounts(), details);
        }
    }

    /** Moves pg_dump's output in reads as large as the pipe. */
    private static void copy(InputStream dump, OutputStream out) throws IOException {
        byte[] buffer = new byte[DUMP_READ];
        for (int read = dump.read(buffer); read >= 0; read = dump.read(buffer)) {
            out.write(buffer, 0, read);
        }
    }

    @Override
    public void restore(InputStream dump, String target) throws IOException {
        restore(dump, -1, target);
    }

    /** Restores into a fresh database swapped in at the end; with more than one job the dump is staged first. */
    @Override
    public void restore(InputStream dump, long dumpBytes, String target) throws IOException {
        requireTarget(target);
        PostgresUrl destination = parseTarget(target);
        restores.restore(dump, dumpBytes, destination, client.withPassword(destination.password()));
    }

    @Override
    public dev.backstop.core.Applied apply(InputStream dump, long dumpBytes, String target) throws IOException {
        restore(dump, dumpBytes, target);
        return dev.backstop.core.Applied.NOTHING_KEPT;
    }

    /** Refuses a file path or any URL but {@code postgresql://} with one line, before anything is touched. */
    @Override
    public void requireTarget(String target) {
        try {
            PostgresUrl.parse(target == null ? "" : target);
        } catch (IllegalArgumentException invalid) {
            throw new BackstopException("cannot restore a postgres backup into that target: "
                    + client.scrub(invalid.getMessage()) + "; name one like postgresql://USER@HOST:PORT/DB", invalid);
        }
    }

    /** The {@code <db>_restoring_<stamp>} and {@code <db>_pre_restore_<stamp>} databases on the source's server. */
    @Override
    public List<SetAside> setAside() throws IOException {
        return setAside.list();
    }

    /** Drops one of the source's set-aside databases unless it has sessions; never ends a session. */
    @Override
    public boolean drop(SetAside database) throws IOException {
        return setAside.drop(database);
    }

    /** {@code table} as {@link #rowCounts} keys it: {@code public.table} unless it names its schema. */
    @Override
    public String tableKey(String table) {
        return table.contains(".") ? table : "public." + table;
    }

    /** Exact row counts ({@code schema.table} to {@code count(*)}) of every table in {@code target}. */
    public Map<String, Long> tableRowCounts(String target) throws IOException {
        PostgresUrl destination = parseTarget(target);
        return tableRowCounts(destination, client.withPassword(destination.password()));
    }

    /** Runs {@code sql} in {@code target}, which must succeed, and returns the first value it yields ("" if none). */
    public String queryValue(String target, String sql) throws IOException {
        PostgresUrl destination = parseTarget(target);
        return queryValue(destination, client.withPassword(destination.password()), sql);
    }

    /** A database named {@code <db>_drill_<label>} on the source's server. */
    @Override
    public String scratchTarget(String label) {
        return source.withDatabase(PostgresRestore.withSuffix(source.database(), "_drill_" + label)).withoutPassword();
    }

    /** A database named {@code <db>_drill_<label>} on the server that {@code serverUrl} names. */
    @Override
    public String scratchTarget(String label, String serverUrl) {
        PostgresUrl server;
        try {
            server = PostgresUrl.parse(serverUrl);
        } catch (IllegalArgumentException invalid) {
            throw new BackstopException("drill.target must be a postgresql:// URL: " + client.scrub(invalid.getMessage()));
        }
        return server.withDatabase(PostgresRestore.withSuffix(source.database(), "_drill_" + label)).withoutPassword();
    }

    @Override
    public void dropScratch(String target) throws IOException {
        PostgresUrl scratch = parseTarget(target);
        client.withPassword(scratch.password()).query(scratch.withDatabase("postgres"),
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
                        + PostgresRestore.literal(scratch.database()) + ";\nDROP DATABASE IF EXISTS "
                        + PostgresRestore.identifier(scratch.database()) + ";\n");
    }

    /**
     * Validates every foreign key that was restored {@code NOT VALID}, so each one is known to
     * hold, and checks that the catalog answers a query joining {@code pg_class} with row estimates.
     */
    @Override
    public List<String> integrityProblems(String target) throws IOException {
        PostgresUrl scratch = parseTarget(target);
        PostgresClient scratchClient = client.withPassword(scratch.password());
        List<String> problems = new java.util.ArrayList<>();
        List<List<String>> unvalidated = scratchClient.query(scratch, "SELECT conrelid::regclass::text, conname"
                + " FROM pg_constraint WHERE contype = 'f' AND NOT convalidated;\n");
        for (List<String> constraint : unvalidated) {
            try {
                scratchClient.query(scratch, "ALTER TABLE " + constraint.get(0) + " VALIDATE CONSTRAINT "
                        + PostgresRestore.identifier(constraint.get(1)) + ";\n");
            } catch (IOException violated) {
                problems.add("foreign key violation: " + constraint.get(0) + " " + constraint.get(1) + ": "
                        + violated.getMessage());
            }
        }
        problems.addAll(damageProblems(target));
        return problems;
    }

    /**
     * Checks, reading only, that the catalog of {@code target} answers a query joining {@code pg_class}
     * with row estimates; it validates no constraint, so it takes no lock a live database would notice.
     */
    @Override
    public List<String> damageProblems(String target) throws IOException {
        PostgresUrl restored = parseTarget(target);
        client.withPassword(restored.password()).query(restored, "SELECT count(*), sum(c.reltuples) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r'"
                + " AND n.nspname NOT IN ('pg_catalog', 'information_schema');\n");
        return List.of();
    }

    @Override
    public Map<String, Long> rowCounts(String target) throws IOException {
        return tableRowCounts(target);
    }

    @Override
    public java.util.Optional<String> firstValue(String target, String query) throws IOException {
        String value = queryValue(target, query);
        return value.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(value);
    }

    private static Map<String, Long> tableRowCounts(PostgresUrl url, PostgresClient client) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        String sql = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\n" + PostgresClient.TABLE_ROW_COUNTS
                + ";\nCOMMIT;\n";
        for (List<String> row : client.query(url, sql)) {
            if (row.size() == 2) {
                counts.put(row.get(0), Long.parseLong(row.get(1).trim()));
            }
        }
        return counts;
    }

    private static String queryValue(PostgresUrl url, PostgresClient client, String sql) throws IOException {
        String script = sql.strip().endsWith(";") ? sql : sql + ";";
        List<List<String>> rows = client.query(url, script + "\n");
        return rows.isEmpty() || rows.get(0).isEmpty() ? "" : rows.get(0).get(0);
    }

    private PostgresUrl parseTarget(String target) throws IOException {
        try {
            return PostgresUrl.parse(target);
        } catch (IllegalArgumentException invalid) {
            throw new IOException("restore target must be a postgresql:// URL: "
                    + client.scrub(invalid.getMessage()), invalid);
        }
    }
}
