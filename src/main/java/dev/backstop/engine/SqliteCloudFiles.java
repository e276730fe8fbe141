package dev.backstop.engine;

import dev.backstop.core.SourceSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The checks a SQLite Cloud engine runs on the database files it downloads and uploads, in the work folder. */
final class SqliteCloudFiles {

    private SqliteCloudFiles() {
    }

    /**
     * The facts of a downloaded database, which must pass {@code PRAGMA integrity_check} and hold at least
     * one table; otherwise a one-line error says what to do.
     */
    static SourceSnapshot check(Path file, String database) throws IOException {
        try (Connection connection = SqliteFiles.open(file, false)) {
            List<String> problems = integrity(connection);
            if (!problems.isEmpty()) {
                throw new IOException("the download of " + database + " fails PRAGMA integrity_check (" + problems.get(0)
                        + "); the database is damaged: check it in SQLite Cloud and restore a good backup");
            }
            Map<String, Long> rows = SqliteFiles.rowCounts(connection);
            if (rows.isEmpty()) {
                throw new IOException(database + " has no tables, so there is nothing to back up; check the database name");
            }
            return new SourceSnapshot(rows, Map.of("sqlite_version", SqliteFiles.version(connection)));
        } catch (SQLException failed) {
            throw new IOException("the download of " + database + " is not a usable SQLite database ("
                    + failed.getMessage() + "); check the database name", failed);
        }
    }

    /** Throws unless {@code file} (a dump about to be uploaded) opens and passes {@code PRAGMA quick_check}. */
    static void requireSound(Path file) throws IOException {
        SqliteFiles.requireReadable(file);
        var damage = SqliteFiles.damage(file);
        if (damage.isPresent()) {
            throw new IOException("the backup is not a sound SQLite database (" + damage.get() + "); restore another backup");
        }
    }

    /** Copies in 1 MiB blocks. */
    static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] block = new byte[1 << 20];
        for (int read = in.readNBytes(block, 0, block.length); read > 0; read = in.readNBytes(block, 0, block.length)) {
            out.write(block, 0, read);
        }
    }

    private static List<String> integrity(Connection connection) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
            while (rows.next()) {
                if (!"ok".equals(rows.getString(1))) {
                    problems.add(rows.getString(1));
                }
            }
        }
        return problems;
    }
}
