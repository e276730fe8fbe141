package dev.backstop.engine;

import dev.backstop.core.Progress;
import dev.backstop.core.SourceSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Copies a live SQLite database into a scratch file and proves the copy whole before anything streams
 * out. A read transaction is opened on the source first, waiting up to {@code busyTimeout} for a writer's
 * lock (reporting each second of waiting); the backup API then copies from inside that transaction, so
 * the copy is consistent. sqlite-jdbc's backup call returns SQLITE_OK even when it copied nothing, so its
 * result is not trusted: the copy must have the source's page count, pass {@code PRAGMA quick_check} and
 * hold at least one table.
 */
final class SqliteSnapshot {

    /** How long SQLite itself waits for a lock before Backstop reports progress and asks again. */
    private static final Duration LOCK_POLL = Duration.ofSeconds(1);
    private static final int SQLITE_DONE = 101;
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final Path source;
    private final Duration busyTimeout;
    private final Clock clock;

    SqliteSnapshot(Path source, Duration busyTimeout, Clock clock) {
        this.source = source;
        this.busyTimeout = busyTimeout;
        this.clock = clock;
    }

    /** Copies the source into {@code snapshot} (an empty scratch file) and returns the copy's facts. */
    SourceSnapshot take(Path snapshot, Progress progress) throws IOException {
        long pages;
        try (Connection connection = SqliteFiles.open(source, true, min(LOCK_POLL, busyTimeout))) {
            connection.setAutoCommit(false);
            pages = beginRead(connection, progress);
            int result = ((SQLiteConnection) connection).getDatabase()
                    .backup("main", snapshot.toString(), null, 100, 0, -1);
            if (result != 0 && result != SQLITE_DONE) {
                throw new IOException("cannot copy " + source + ": SQLite backup API returned "
                        + SQLiteErrorCode.getErrorCode(result) + "; check free space in the work folder and retry");
            }
            connection.rollback();
        } catch (SQLException failed) {
            throw new IOException(unreadable(failed), failed);
        }
        return check(snapshot, pages);
    }

    /**
     * Streams {@code snapshot} to {@code out} in 1 MiB blocks, touching the file every minute, so a cleanup in
     * another process can tell it from one a killed backup left (it was written recently).
     */
    void streamOut(Path snapshot, OutputStream out) throws IOException {
        byte[] block = new byte[1 << 20];
        Instant touched = clock.instant();
        try (InputStream in = Files.newInputStream(snapshot)) {
            for (int read = in.readNBytes(block, 0, block.length); read > 0; read = in.readNBytes(block, 0, block.length)) {
                out.write(block, 0, read);
                Instant now = clock.instant();
                if (Duration.between(touched, now).compareTo(TOUCH_EVERY) >= 0) {
                    Files.setLastModifiedTime(snapshot, FileTime.from(now));
                    touched = now;
                }
            }
        }
    }

    /** Starts the read and returns the source's page count, waiting up to the busy timeout for a lock. */
    private long beginRead(Connection connection, Progress progress) throws SQLException, IOException {
        Instant start = clock.instant();
        while (true) {
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT count(*) FROM sqlite_schema").close();
                try (ResultSet row = statement.executeQuery("PRAGMA page_count")) {
                    return row.getLong(1);
                }
            } catch (SQLiteException failed) {
                if (!busy(failed)) {
                    throw failed;
                }
                Duration waited = Duration.between(start, clock.instant());
                if (waited.compareTo(busyTimeout) >= 0) {
                    throw new IOException(source + " is locked by another connection (BEGIN EXCLUSIVE, VACUUM or a"
                            + " long write) for over " + seconds(busyTimeout) + "; retry when it is done, or"
                            + " raise the database's busy_timeout", failed);
                }
                progress.report("waiting for the lock on " + source.getFileName() + " (" + waited.toSeconds()
                        + "s of " + seconds(busyTimeout) + ")", -1);
            }
        }
    }

    private SourceSnapshot check(Path snapshot, long sourcePages) throws IOException {
        if (sourcePages == 0) {
            throw noTables();
        }
        try (Connection connection = SqliteFiles.open(snapshot, true)) {
            long pages;
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("PRAGMA page_count")) {
                pages = row.getLong(1);
            }
            if (pages != sourcePages) {
                throw new IOException("the snapshot of " + source + " has " + pages + " pages, the source "
                        + sourcePages + "; the copy is incomplete, retry the backup");
            }
            List<String> problems = SqliteFiles.quickCheck(connection);
            if (!problems.isEmpty()) {
                throw new IOException("the snapshot of " + source + " fails PRAGMA quick_check (" + problems.get(0)
                        + "); the source is damaged: run PRAGMA integrity_check on it and restore a good backup");
            }
            Map<String, Long> rows = SqliteFiles.rowCounts(connection);
            if (rows.isEmpty()) {
                throw noTables();
            }
            return new SourceSnapshot(rows, Map.of("sqlite_version", SqliteFiles.version(connection)));
        } catch (SQLException failed) {
            throw new IOException("cannot read the snapshot of " + source + ": " + failed.getMessage(), failed);
        }
    }

    private IOException noTables() {
        return new IOException(source + " has no tables, so there is nothing to back up; check the database's path");
    }

    private String unreadable(SQLException failed) {
        if (failed instanceof SQLiteException sqlite && (sqlite.getResultCode() == SQLiteErrorCode.SQLITE_NOTADB
                || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CORRUPT)) {
            return source + " is not a SQLite database or its header is damaged (" + sqlite.getResultCode().message
                    + "); check the database's path, or restore the file from a good backup";
        }
        return "cannot snapshot " + source + ": " + failed.getMessage();
    }

    private static boolean busy(SQLiteException failed) {
        SQLiteErrorCode code = failed.getResultCode();
        return code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_LOCKED
                || code.code % 256 == SQLiteErrorCode.SQLITE_BUSY.code;
    }

    /** {@code 60s}, or {@code 10m} for whole minutes over a minute. */
    private static String seconds(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds > 60 && seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    private static Duration min(Duration left, Duration right) {
        return left.compareTo(right) <= 0 ? left : right;
    }
}
