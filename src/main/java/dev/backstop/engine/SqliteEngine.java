package dev.backstop.engine;

import dev.backstop.core.Applied;
import dev.backstop.core.DatabaseEngine;
import dev.backstop.core.DrillSupport;
import dev.backstop.core.Progress;
import dev.backstop.core.SnapshotRowCounts;
import dev.backstop.core.SourceSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.sqlite.SQLiteConnection;

/**
 * SQLite databases. A dump is a plain database file made with SQLite's online backup API in one
 * step, under one read transaction, so it is consistent while the app keeps writing (WAL or not);
 * the snapshot is a scratch file in the work folder, checked while it streams out, and the stream
 * ends only once the check passed ({@link SqliteSnapshot}).
 * A restore is {@link SqliteRestore}'s: the dump is written to a temp file beside the target and
 * opened; only then is it renamed into place (new or damaged target, the damaged one kept aside) or
 * copied in with the backup API inside one transaction (a sound target, so a live WAL database stays
 * consistent).
 */
public final class SqliteEngine implements DatabaseEngine, DrillSupport, SnapshotRowCounts {

    /** How the snapshots that backups stream out of {@code workDir} are named. */
    static final String SNAPSHOT_PREFIX = ".backstop-snapshot-";

    private final Path source;
    private final Path workDir;
    private final Duration busyTimeout;
    private final Clock clock;
    private final SqliteRestore restores;

    /** {@code workDir} holds the temporary snapshot while it streams out; a backup waits 60s for a lock. */
    public SqliteEngine(Path source, Path workDir) {
        this(source, workDir, Duration.ofSeconds(60), Clock.systemUTC());
    }

    /**
     * A backup waits up to {@code busyTimeout}, timed by {@code clock}, for the app's lock on the source;
     * {@code clock} also stamps the name of a damaged target that a restore keeps aside.
     */
    public SqliteEngine(Path source, Path workDir, Duration busyTimeout, Clock clock) {
        this.source = source.toAbsolutePath();
        this.workDir = workDir;
        this.busyTimeout = busyTimeout;
        this.clock = clock;
        this.restores = new SqliteRestore(clock);
    }

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public String dumpFormat() {
        return "sqlite3";
    }

    @Override
    public String defaultTarget() {
        return source.toString();
    }

    /** The source file by any path: relative, with {@code ..}, or through a link. */
    @Override
    public boolean isSource(String target) {
        if (target == null || target.isBlank()) {
            return true;
        }
        Path candidate = Path.of(target).toAbsolutePath().normalize();
        if (candidate.equals(source.normalize())) {
            return true;
        }
        try {
            return Files.exists(candidate) && Files.exists(source) && Files.isSameFile(candidate, source);
        } catch (IOException unreadable) {
            return true;
        }
    }

    @Override
    public boolean sourceExists() {
        return Files.exists(source);
    }

    @Override
    public SourceSnapshot dump(OutputStream out) throws IOException {
        return dump(out, Progress.NONE);
    }

    /**
     * Snapshots the source (see {@link SqliteSnapshot}), then streams the copy to {@code out} while it is
     * checked; the stream ends only once the check passed.
     */
    @Override
    public SourceSnapshot dump(OutputStream out, Progress progress) throws IOException {
        if (!Files.isRegularFile(source)) {
            throw new NoSuchFileException(source.toString(), null, "sqlite database not found");
        }
        Files.createDirectories(workDir);
        Path snapshot = Files.createTempFile(workDir, SNAPSHOT_PREFIX, ".db");
        try {
            SqliteSnapshot taker = new SqliteSnapshot(source, busyTimeout, clock);
            taker.take(snapshot, progress);
            return taker.streamChecked(snapshot, out);
        } finally {
            SqliteFiles.deleteWithSidecars(snapshot);
        }
    }

    /** Copies in 1 MiB blocks, so each stage downstream (hash, zstd, the file system) works on large writes. */
    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] block = new byte[1 << 20];
        for (int read = in.readNBytes(block, 0, block.length); read > 0; read = in.readNBytes(block, 0, block.length)) {
            out.write(block, 0, read);
        }
    }

    @Override
    public void restore(InputStream dump, String target) throws IOException {
        restores.restore(dump, target, false);
    }

    /**
     * Restores into the file {@code target}; a damaged file there is kept aside and named in the result.
     * A new file's {@link #damageProblems} and {@link #rowCounts} run while it is synced, before its
     * rename, and come back in {@link Applied#checked()}.
     */
    @Override
    public Applied apply(InputStream dump, String target) throws IOException {
        return restores.restore(dump, target, true);
    }

    /** Refuses a URL such as {@code postgresql://host/db} with one line: a SQLite backup restores into a file path. */
    @Override
    public void requireTarget(String target) {
        SqliteRestore.requireFilePath(target);
    }

    @Override
    public String scratchTarget(String label) {
        return workDir.resolve("drill-" + label + ".db").toString();
    }

    @Override
    public String scratchTarget(String label, String folder) {
        return Path.of(folder).toAbsolutePath().resolve("drill-" + label + ".db").toString();
    }

    @Override
    public void dropScratch(String target) throws IOException {
        SqliteFiles.deleteWithSidecars(Path.of(target));
    }

    @Override
    public java.util.List<String> integrityProblems(String target) throws IOException {
        try (Connection connection = SqliteFiles.open(Path.of(target), true)) {
            return SqliteFiles.integrityProblems(connection);
        } catch (SQLException failed) {
            throw new IOException("cannot check " + target + ": " + failed.getMessage(), failed);
        }
    }

    /**
     * {@code PRAGMA quick_check}: the copy is page for page a dump whose SHA-256 was checked, so what
     * can go wrong is missing or torn pages; foreign keys the source already broke are the backup's.
     */
    @Override
    public java.util.List<String> damageProblems(String target) throws IOException {
        try (Connection connection = SqliteFiles.open(Path.of(target), true)) {
            return SqliteFiles.storageProblems(connection);
        } catch (SQLException failed) {
            throw new IOException("cannot check " + target + ": " + failed.getMessage(), failed);
        }
    }

    @Override
    public Map<String, Long> rowCounts(String target) throws IOException {
        try (Connection connection = SqliteFiles.open(Path.of(target), true)) {
            return SqliteFiles.rowCounts(connection);
        } catch (SQLException failed) {
            throw new IOException("cannot count rows in " + target + ": " + failed.getMessage(), failed);
        }
    }

    @Override
    public java.util.Optional<String> firstValue(String target, String query) throws IOException {
        try (Connection connection = SqliteFiles.open(Path.of(target), true);
             var statement = connection.createStatement();
             var rows = statement.executeQuery(query)) {
            return rows.next() ? java.util.Optional.ofNullable(rows.getString(1)) : java.util.Optional.empty();
        } catch (SQLException failed) {
            throw new IOException(failed.getMessage(), failed);
        }
    }
}
