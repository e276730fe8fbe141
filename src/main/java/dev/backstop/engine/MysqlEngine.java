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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MySQL and MariaDB databases, dumped as SQL text by {@code mariadb-dump} (or {@code mysqldump}) in one
 * transaction ({@code --single-transaction --quick --routines --events --triggers --hex-blob}), so the
 * stored dump loads with stock tools: {@code mariadb DB < dump}. The row counts are counted in the dump
 * stream itself ({@link MysqlDumpRows}), so they describe exactly the dumped data. A restore is
 * {@link MysqlRestore}'s: load beside the target, then one atomic {@code RENAME TABLE}.
 */
public final class MysqlEngine implements DatabaseEngine, DrillSupport, SetAsideHousekeeping, SnapshotRowCounts {

    private static final List<String> DUMP_OPTIONS = List.of("--single-transaction", "--quick", "--routines",
            "--events", "--triggers", "--hex-blob", "--no-tablespaces", "--default-character-set=utf8mb4");

    private final MysqlUrl source;
    private final MysqlClient client;
    private final MysqlRestore restores;

    /** {@code password} may be empty: then the URL's password is used, if any. */
    public MysqlEngine(String url, String password, Path workDir, Clock clock) {
        try {
            this.source = MysqlUrl.parse(url);
        } catch (IllegalArgumentException invalid) {
            throw new BackstopException("cannot read the mysql url: " + invalid.getMessage()
                    + "; set the database url to mysql://USER@HOST:PORT/DB", invalid);
        }
        this.client = new MysqlClient(password != null && !password.isEmpty() ? password : source.password(), workDir);
        this.restores = new MysqlRestore(clock);
    }

    @Override
    public String name() {
        return MysqlProvider.NAME;
    }

    @Override
    public String dumpFormat() {
        return "mysqldump-sql";
    }

    @Override
    public String defaultTarget() {
        return source.withoutPassword();
    }

    /**
     * The source database on the same host and port, whichever user or password the URL names, by the
     * same comparison the two-person rule uses ({@link TargetUrl#samePlace}).
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

    @Override
    public SourceSnapshot dump(OutputStream out) throws IOException {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("mysqldump_version", client.version(MysqlClient.DUMP));
        details.put("server_version", client.query(source, "SELECT VERSION();\n").get(0).get(0));
        List<String> arguments = new ArrayList<>(DUMP_OPTIONS);
        arguments.add("--");
        arguments.add(source.database());
        MysqlDumpRows counted = new MysqlDumpRows(out);
        try (MysqlClient.Run run = client.start(MysqlClient.DUMP, source, arguments)) {
            run.process.stdin().close();
            run.process.stdout().transferTo(counted);
            counted.flush();
            if (run.process.waitFor() != 0) {
                throw new IOException(client.failure(run.process, source));
            }
        }
        if (!counted.complete()) {
            throw new IOException("mysqldump of " + source.withoutPassword() + " ended without its closing line");
        }
        return new SourceSnapshot(counted.counts(), details);
    }

    @Override
    public void restore(InputStream dump, String target) throws IOException {
        requireTarget(target);
        MysqlUrl destination = parseTarget(target);
        restores.restore(dump, destination, client.withPassword(destination.password()));
    }

    @Override
    public void requireTarget(String target) {
        try {
            MysqlUrl.parse(target == null ? "" : target);
        } catch (IllegalArgumentException invalid) {
            throw new BackstopException("cannot restore a mysql backup into that target: " + invalid.getMessage()
                    + "; name one like mysql://USER@HOST:PORT/DB", invalid);
        }
    }

    /** {@code CHECK TABLE} of every base table: what the storage engine reports as not OK. */
    @Override
    public List<String> damageProblems(String target) throws IOException {
        MysqlUrl database = parseTarget(target);
        MysqlClient scoped = client.withPassword(database.password());
        List<String> tables = new MysqlSchema(scoped, database).tables();
        if (tables.isEmpty()) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        String all = String.join(", ", tables.stream().map(MysqlSchema::identifier).toList());
        for (List<String> row : scoped.query(database, "CHECK TABLE " + all + ";\n")) {
            boolean ok = row.size() >= 4 && (row.get(2).equalsIgnoreCase("status") && row.get(3).equalsIgnoreCase("OK")
                    || row.get(2).equalsIgnoreCase("note") || row.get(2).equalsIgnoreCase("warning"));
            if (!ok) {
                problems.add(String.join(" ", row));
            }
        }
        return problems;
    }

    @Override
    public Map<String, Long> rowCounts(String target) throws IOException {
        MysqlUrl database = parseTarget(target);
        return new MysqlSchema(client.withPassword(database.password()), database).rowCounts();
    }

    /** A database named {@code <db>_drill_<label>} on the source's server. */
    @Override
    public String scratchTarget(String label) {
        return source.withDatabase(PostgresRestore.withSuffix(source.database(), "_drill_" + label)).withoutPassword();
    }

    /** A database named {@code <db>_drill_<label>} on the server that {@code serverUrl} names. */
    @Override
    public String scratchTarget(String label, String serverUrl) {
        try {
            return MysqlUrl.parse(serverUrl).withDatabase(PostgresRestore.withSuffix(source.database(),
                    "_drill_" + label)).withoutPassword();
        } catch (IllegalArgumentException invalid) {
            throw new BackstopException("drill.target must be a mysql:// URL: " + invalid.getMessage());
        }
    }

    @Override
    public void dropScratch(String target) throws IOException {
        MysqlUrl scratch = parseTarget(target);
        client.withPassword(scratch.password()).query(scratch.withDatabase(""), "DROP DATABASE IF EXISTS "
                + MysqlSchema.identifier(scratch.database()) + ";\n");
    }

    /** The storage checks of {@link #damageProblems}; foreign keys are enforced by InnoDB as rows load. */
    @Override
    public List<String> integrityProblems(String target) throws IOException {
        return damageProblems(target);
    }

    @Override
    public Optional<String> firstValue(String target, String query) throws IOException {
        MysqlUrl database = parseTarget(target);
        String script = query.strip().endsWith(";") ? query : query + ";";
        List<List<String>> rows = client.withPassword(database.password()).query(database, script + "\n");
        return rows.isEmpty() || rows.get(0).isEmpty() ? Optional.empty() : Optional.of(rows.get(0).get(0));
    }

    /** The {@code <db>_restoring_<stamp>} and {@code <db>_pre_restore_<stamp>} databases on the source's server. */
    @Override
    public List<SetAside> setAside() throws IOException {
        Map<String, Integer> sessions = new HashMap<>();
        for (List<String> row : client.query(source.withDatabase(""), "SELECT DB, COUNT(*) FROM"
                + " information_schema.PROCESSLIST WHERE DB IS NOT NULL GROUP BY DB;\n")) {
            sessions.put(row.get(0), Integer.parseInt(row.get(1).trim()));
        }
        List<SetAside> found = new ArrayList<>();
        for (List<String> row : client.query(source.withDatabase(""), "SELECT SCHEMA_NAME FROM"
                + " information_schema.SCHEMATA;\n")) {
            String name = row.get(0);
            Optional<java.time.Instant> restoring = RestoreNames.restoringTime(source.database(), name);
            Optional<java.time.Instant> previous = RestoreNames.preRestoreTime(source.database(), name);
            if (restoring.isPresent() || previous.isPresent()) {
                found.add(new SetAside(name, source.withDatabase(name).withoutPassword(),
                        restoring.isPresent() ? SetAside.Kind.RESTORING : SetAside.Kind.PRE_RESTORE,
                        restoring.orElseGet(previous::orElseThrow), sessions.getOrDefault(name, 0)));
            }
        }
        found.sort(Comparator.comparing(SetAside::kind).thenComparing(SetAside::since).thenComparing(SetAside::name));
        return found;
    }

    /** Drops one set-aside database unless a session uses it; MySQL would wait on its locks, not refuse. */
    @Override
    public boolean drop(SetAside database) throws IOException {
        boolean ours = database.kind() == SetAside.Kind.RESTORING
                ? RestoreNames.restoringTime(source.database(), database.name()).isPresent()
                : RestoreNames.preRestoreTime(source.database(), database.name()).isPresent();
        if (!ours) {
            throw new IOException("refusing to drop database `" + database.name() + "`: it is not set aside by a"
                    + " restore of " + source.database());
        }
        String name = MysqlSchema.literal(database.name());
        if (!client.query(source.withDatabase(""), "SELECT 1 FROM information_schema.PROCESSLIST WHERE DB = " + name
                + " LIMIT 1;\n").isEmpty()) {
            return false;
        }
        client.query(source.withDatabase(""), "DROP DATABASE IF EXISTS " + MysqlSchema.identifier(database.name())
                + ";\n");
        return true;
    }

    private MysqlUrl parseTarget(String target) throws IOException {
        try {
            return MysqlUrl.parse(target);
        } catch (IllegalArgumentException invalid) {
            throw new IOException("restore target must be a mysql:// URL: " + invalid.getMessage(), invalid);
        }
    }
}
