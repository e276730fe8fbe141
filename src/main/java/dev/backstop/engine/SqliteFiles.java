package dev.backstop.engine;

import dev.backstop.core.Applied;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/** Opening SQLite files and asking them the questions backups and drills need. */
final class SqliteFiles {

    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;

    private SqliteFiles() {
    }

    static Connection open(Path file, boolean readOnly) throws SQLException {
        return open(file, readOnly, java.time.Duration.ofSeconds(30));
    }

    /** Opens {@code file}; SQLite waits up to {@code busyTimeout} for another connection's lock. */
    static Connection open(Path file, boolean readOnly, java.time.Duration busyTimeout) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(readOnly);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    }

    /**
     * Opens a scratch file that is read once and deleted, such as a backup's snapshot: no journal
     * and no {@code fsync}, since a crash only means taking the snapshot again.
     */
    static Connection openScratch(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        config.setJournalMode(SQLiteConfig.JournalMode.OFF);
        config.setBusyTimeout(30_000);
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    }

    static String version(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT sqlite_version()")) {
            return row.getString(1);
        }
    }

    /** The answer to {@code PRAGMA pragma}, such as {@code page_size} or {@code journal_mode = DELETE}. */
    static String pragma(Connection connection, String pragma) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("PRAGMA " + pragma)) {
            return row.getString(1);
        }
    }

    static List<String> tables(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table'"
                     + " AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    static Map<String, Long> rowCounts(Connection connection) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            for (String table : tables(connection)) {
                try (ResultSet row = statement.executeQuery("SELECT count(*) FROM " + quote(table))) {
                    counts.put(table, row.getLong(1));
                }
            }
        }
        return counts;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** Problems that {@code PRAGMA integrity_check} and {@code PRAGMA foreign_key_check} report; empty when sound. */
    static List<String> integrityProblems(Connection connection) throws SQLException {
        List<String> problems = pragmaProblems(connection, "integrity_check");
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("PRAGMA foreign_key_check")) {
                while (rows.next()) {
                    problems.add("foreign key violation: " + rows.getString(1) + " row " + rows.getLong(2)
                            + " references missing " + rows.getString(3));
                }
            }
        }
        return problems;
    }

    /**
     * Problems that {@code PRAGMA quick_check} finds in the file's pages and records (all of
     * {@code integrity_check} but whether each index matches its table, in a fraction of the time);
     * empty when sound.
     */
    static List<String> storageProblems(Connection connection) throws SQLException {
        return pragmaProblems(connection, "quick_check");
    }

    private static List<String> pragmaProblems(Connection connection, String check) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA " + check)) {
            while (rows.next()) {
                if (!"ok".equals(rows.getString(1))) {
                    problems.add(rows.getString(1));
                }
            }
        }
        return problems;
    }

    /**
     * Why the existing {@code file} cannot be copied into, or empty when it is a sound database:
     * it is no SQLite file (a damaged header, a text file) or {@code PRAGMA quick_check} finds it
     * damaged (such as a truncated file). Any other failure, such as a lock, is thrown.
     */
    static Optional<String> damage(Path file) throws IOException {
        try (Connection connection = open(file, true);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("PRAGMA quick_check(1)")) {
            String verdict = row.next() ? row.getString(1) : "quick_check gave no answer";
            return "ok".equals(verdict) ? Optional.empty()
                    : Optional.of("quick_check: " + verdict.replaceAll("\\s+", " ").trim());
        } catch (SQLException failed) {
            int primary = failed.getErrorCode() & 0xFF;
            if (primary == SQLITE_NOTADB) {
                return Optional.of("not a SQLite database");
            }
            if (primary == SQLITE_CORRUPT) {
                return Optional.of("a malformed SQLite database");
            }
            throw new IOException("cannot read " + file + " to check it before the restore: " + failed.getMessage(), failed);
        }
    }

    /** Deletes the -wal, -shm and -journal files that SQLite keeps beside a database. */
    static void deleteSidecars(Path database) throws IOException {
        for (String suffix : new String[] {"-wal", "-shm", "-journal"}) {
            java.nio.file.Files.deleteIfExists(Path.of(database + suffix));
        }
    }

    static void deleteWithSidecars(Path database) throws IOException {
        java.nio.file.Files.deleteIfExists(database);
        deleteSidecars(database);
    }

    /**
     * {@link #requireReadable}, then the checks a restore's target must pass: {@code PRAGMA quick_check}
     * and, when it finds nothing, every table's row count. Throws as {@link #requireReadable} does;
     * empty when the checks themselves could not run (the caller then runs them again on the target,
     * which says why).
     */
    static Optional<Applied.Checked> restoredCheck(Path file) throws IOException {
        requireReadable(file);
        try (Connection connection = open(file, true)) {
            List<String> problems = storageProblems(connection);
            return Optional.of(new Applied.Checked(problems, problems.isEmpty() ? rowCounts(connection) : Map.of()));
        } catch (SQLException failed) {
            return Optional.empty();
        }
    }

    /**
     * Throws unless the file opens as a SQLite database and its schema can be read. The dump's
     * SHA-256 was already checked, so this guards against a source that was not a database at all;
     * the full {@code integrity_check} belongs to drills.
     */
    static void requireReadable(Path file) throws IOException {
        try (Connection connection = open(file, true);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM sqlite_schema")) {
            row.getLong(1);
        } catch (SQLException failed) {
            throw new IOException("restored copy is not a usable SQLite database: " + failed.getMessage(), failed);
        }
    }
}
