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
 * Copies a live SQLite database into a scratch file and proves the copy sound before anything streams
 * out. A read is opened on the source first, waiting up to {@code busyTimeout} for a writer's lock
 * (reporting each second of waiting) and failing at once on a file that is not a database; then the online
 * backup API copies every page in one step, under one read transaction, so the copy is consistent.
 * sqlite-jdbc's backup call answers SQLITE_OK even when it copied nothing (the source was locked, or not a
 * database), so its answer is not trusted: the copy must have pages, pass {@code PRAGMA quick_check} and
 * hold at least one table. The check and the row counts run on a second thread while the copy streams out,
 * and the stream ends only once they passed.
 */
final class SqliteSnapshot {

    /** How long SQLite itself waits for a lock before Backstop reports progress and asks again. */
    private static final Duration LOCK_POLL = Duration.ofSeconds(1);
    private static final int SQLITE_DONE = 101;
    private static final int COPY_RETRY_MILLIS = 100;
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final String CHECKED = "the snapshot";

    private final Path source;
    private final Duration busyTimeout;
    private final Clock clock;

    SqliteSnapshot(Path source, Duration busyTimeout, Clock clock) {
        this.source = source;
        this.busyTimeout = busyTimeout;
        this.clock = clock;
    }

    /**
     * Copies the source into {@code snapshot} (an empty scratch file); {@link #streamChecked} checks it. The
     * copy goes through a scratch connection without journal or {@code fsync} (the file is read once and
     * deleted); the backup API opens its own connection to the source, so a copy that comes back empty
     * means the app took its lock again in between, and the wait goes on within the same busy timeout.
     */
    void take(Path snapshot, Progress progress) throws IOException {
        Instant start = clock.instant();
        while (true) {
            if (waitForRead(start, progress) == 0) {
                throw noTables();
            }
            if (copy(snapshot, start) > 0) {
                return;
            }
            reportWait(start, progress);
        }
    }

    /**
     * Streams the copy in {@code snapshot} to {@code out} while another thread checks it ({@code PRAGMA
     * quick_check}, at least one table, every table's row count), and returns its facts only once the check
     * passed: the stream's end never reaches {@code out}'s reader before that, so a backup of a copy that
     * fails the check is never committed. A failed check stops the stream at its next block.
     */
    SourceSnapshot streamChecked(Path snapshot, OutputStream out) throws IOException {
        BackgroundCheck<SourceSnapshot> checked = BackgroundCheck.start("backstop-snapshot-check", () -> check(snapshot));
        try {
            streamOut(snapshot, out, checked);
        } catch (IOException | RuntimeException failed) {
            if (!Thread.currentThread().isInterrupted() && checked.awaited()) {
                // A damaged source explains a failed stream better than the stream's own error.
                try {
                    checked.outcome(CHECKED);
                } catch (IOException damaged) {
                    if (damaged != failed) {
                        damaged.addSuppressed(failed);
                    }
                    throw damaged;
                }
            }
            throw failed;
        }
        return checked.outcome(CHECKED);
    }

    /** Opens a read on the source and returns its page count, waiting up to the busy timeout for a lock. */
    private long waitForRead(Instant start, Progress progress) throws IOException {
        try (Connection connection = SqliteFiles.open(source, true, min(LOCK_POLL, busyTimeout))) {
            connection.setAutoCommit(false);
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
                    reportWait(start, progress);
                }
            }
        } catch (SQLException failed) {
            throw new IOException(unreadable(failed), failed);
        }
    }

    /** Copies every page in one step; returns the copy's page count, 0 when the source was locked meanwhile. */
    private long copy(Path snapshot, Instant start) throws IOException {
        Duration left = busyTimeout.minus(Duration.between(start, clock.instant()));
        int retries = (int) Math.max(1, Math.min(LOCK_POLL.toMillis(), left.toMillis()) / COPY_RETRY_MILLIS);
        try (Connection connection = SqliteFiles.openScratch(snapshot)) {
            int result = ((SQLiteConnection) connection).getDatabase()
                    .restore("main", source.toString(), null, COPY_RETRY_MILLIS, retries, -1);
            if (result != 0 && result != SQLITE_DONE) {
                throw new IOException("cannot copy " + source + ": SQLite backup API returned "
                        + SQLiteErrorCode.getErrorCode(result) + "; check free space in the work folder and retry");
            }
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("PRAGMA page_count")) {
                return row.getLong(1);
            }
        } catch (SQLException failed) {
            throw new IOException("cannot snapshot " + source + ": " + failed.getMessage(), failed);
        }
    }

    /** Fails once the busy timeout is spent; otherwise reports how long the backup has waited. */
    private void reportWait(Instant start, Progress progress) throws IOException {
        Duration waited = Duration.between(start, clock.instant());
        if (waited.compareTo(busyTimeout) >= 0) {
            throw new IOException(source + " is locked by another connection (BEGIN EXCLUSIVE, VACUUM or a long"
                    + " write) for over " + seconds(busyTimeout) + "; retry when it is done, or raise the"
                    + " database's busy_timeout");
        }
        progress.report("waiting for the lock on " + source.getFileName() + " (" + waited.toSeconds() + "s of "
                + seconds(busyTimeout) + ")", -1);
    }

    /**
     * Streams {@code snapshot} to {@code out} in 1 MiB blocks, touching the file every minute, so a cleanup in
     * another process can tell it from one a killed backup left (it was written recently).
     */
    private void streamOut(Path snapshot, OutputStream out, BackgroundCheck<SourceSnapshot> checked) throws IOException {
        byte[] block = new byte[1 << 20];
        Instant touched = clock.instant();
        try (InputStream in = Files.newInputStream(snapshot)) {
            for (int read = in.readNBytes(block, 0, block.length); read > 0; read = in.readNBytes(block, 0, block.length)) {
                if (checked.isDone()) {
                    checked.outcome(CHECKED);
                }
                out.write(block, 0, read);
                Instant now = clock.instant();
                if (Duration.between(touched, now).compareTo(TOUCH_EVERY) >= 0) {
                    Files.setLastModifiedTime(snapshot, FileTime.from(now));
                    touched = now;
                }
            }
        }
    }

    private SourceSnapshot check(Path snapshot) throws IOException {
        try (Connection connection = SqliteFiles.open(snapshot, true)) {
            List<String> problems = SqliteFiles.storageProblems(connection);
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
