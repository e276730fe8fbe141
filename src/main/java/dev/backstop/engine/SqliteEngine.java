package dev.backstop.engine;

import dev.backstop.core.DatabaseEngine;
import dev.backstop.core.SourceSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.sqlite.SQLiteConnection;

/**
 * SQLite databases. A dump is a plain database file made with SQLite's online backup API in one
 * step, under one read transaction, so it is consistent while the app keeps writing (WAL or not);
 * the snapshot is a scratch file, written without journal or {@code fsync}.
 * A restore writes the dump to a temp file beside the target and opens it; only then is it
 * renamed into place (new target) or copied in with the backup API inside one transaction
 * (existing target, so a live WAL database stays consistent).
 */
public final class SqliteEngine implements DatabaseEngine {

    private final Path source;
    private final Path workDir;

    /** {@code workDir} holds the temporary snapshot while it streams out. */
    public SqliteEngine(Path source, Path workDir) {
        this.source = source.toAbsolutePath();
        this.workDir = workDir;
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
        if (!Files.isRegularFile(source)) {
            throw new NoSuchFileException(source.toString(), null, "sqlite database not found");
        }
        Files.createDirectories(workDir);
        Path snapshot = Files.createTempFile(workDir, ".backstop-snapshot-", ".db");
        try {
            try (Connection connection = SqliteFiles.openScratch(snapshot)) {
                ((SQLiteConnection) connection).getDatabase()
                        .restore("main", source.toString(), null, 100, 50, -1);
            } catch (SQLException failed) {
                throw new IOException("cannot snapshot " + source + ": " + failed.getMessage(), failed);
            }
            SourceSnapshot facts;
            try (Connection connection = SqliteFiles.open(snapshot, true)) {
                facts = new SourceSnapshot(SqliteFiles.rowCounts(connection),
                        Map.of("sqlite_version", SqliteFiles.version(connection)));
            } catch (SQLException failed) {
                throw new IOException("cannot read snapshot of " + source + ": " + failed.getMessage(), failed);
            }
            try (InputStream in = Files.newInputStream(snapshot)) {
                copy(in, out);
            }
            return facts;
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
        Path destination = Path.of(target).toAbsolutePath();
        Files.createDirectories(destination.getParent());
        Path incoming = Files.createTempFile(destination.getParent(), ".backstop-restore-", ".db");
        try {
            try (OutputStream file = new WriteBehindFile(incoming)) {
                copy(dump, file);
            }
            SqliteFiles.requireReadable(incoming);
            if (Files.exists(destination)) {
                copyInto(incoming, destination);
            } else {
                SqliteFiles.deleteSidecars(destination);
                SqliteFiles.deleteSidecars(incoming);
                Files.move(incoming, destination, StandardCopyOption.ATOMIC_MOVE);
                syncDirectory(destination.getParent());
            }
        } finally {
            SqliteFiles.deleteWithSidecars(incoming);
        }
    }

    /** Makes a rename in {@code folder} durable, so a crash right after a restore cannot undo it. */
    private static void syncDirectory(Path folder) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(folder, java.nio.file.StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void copyInto(Path incoming, Path destination) throws IOException {
        try (Connection connection = SqliteFiles.open(destination, false)) {
            ((SQLiteConnection) connection).getDatabase()
                    .restore("main", incoming.toString(), null, 100, 100, -1);
        } catch (SQLException failed) {
            throw new IOException("cannot write " + destination + " (is it locked by a long transaction?): "
                    + failed.getMessage(), failed);
        }
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
