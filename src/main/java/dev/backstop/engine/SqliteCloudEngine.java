package dev.backstop.engine;

import dev.backstop.core.BackstopException;
import dev.backstop.core.DatabaseEngine;
import dev.backstop.core.DrillSupport;
import dev.backstop.core.SnapshotRowCounts;
import dev.backstop.core.SourceSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SQLite Cloud databases, whole files over the Weblite API ({@link SqliteCloudApi}). A dump is the
 * downloaded database file, kept in the work folder and checked ({@code PRAGMA integrity_check}, at
 * least one table) before it streams out, so its row counts are exactly the dump's. A restore writes
 * the dump to the work folder and checks it first; a new database is uploaded ({@code POST}), an
 * existing one is downloaded aside and then replaced ({@code PATCH}), and put back from that copy if
 * the upload fails. Checks of a target ({@link #rowCounts}, {@link #damageProblems}, drills) run on a
 * fresh download of it. Targets are {@code sqlitecloud://HOST/NAME} in the configured project.
 */
public final class SqliteCloudEngine implements DatabaseEngine, DrillSupport, SnapshotRowCounts {

    private final SqliteCloudTarget source;
    private final SqliteCloudApi api;
    private final Path workDir;
    private final Clock clock;

    /** The database of {@code settings}; {@code workDir} holds downloads and uploads while they are in use. */
    public SqliteCloudEngine(SqliteCloudSettings settings, Path workDir, Clock clock) {
        this.source = SqliteCloudTarget.of(URI.create(settings.url()), settings.database());
        this.api = new SqliteCloudApi(settings.url(), settings.apiKey());
        this.workDir = workDir;
        this.clock = clock;
    }

    @Override
    public String name() {
        return SqliteCloudProvider.NAME;
    }

    /** The same format as the sqlite engine's: a plain SQLite database file. */
    @Override
    public String dumpFormat() {
        return "sqlite3";
    }

    @Override
    public String defaultTarget() {
        return source.spelled();
    }

    /** The source database however its host is cased; anything that is not a target spelling counts as the source. */
    @Override
    public boolean isSource(String target) {
        if (target == null || target.isBlank()) {
            return true;
        }
        try {
            return SqliteCloudTarget.parse(target).equals(source);
        } catch (BackstopException unreadable) {
            return true;
        }
    }

    /** Downloads the source, checks the copy, then streams it to {@code out}; the copy is deleted either way. */
    @Override
    public SourceSnapshot dump(OutputStream out) throws IOException {
        Path snapshot = scratchFile(SqliteEngine.SNAPSHOT_PREFIX);
        try {
            if (!api.download(source.database(), snapshot)) {
                throw new IOException("SQLite Cloud has no database " + source.database() + " at " + source.host()
                        + "; check the database name");
            }
            SourceSnapshot facts = SqliteCloudFiles.check(snapshot, source.database());
            try (InputStream in = Files.newInputStream(snapshot)) {
                SqliteCloudFiles.copy(in, out);
            }
            return facts;
        } finally {
            SqliteFiles.deleteWithSidecars(snapshot);
        }
    }

    @Override
    public void restore(InputStream dump, String target) throws IOException {
        requireTarget(target);
        String database = SqliteCloudTarget.parse(target).database();
        Path incoming = scratchFile(".backstop-restore-");
        Path before = scratchFile(".backstop-before-restore-");
        boolean keepBefore = false;
        try {
            try (OutputStream file = Files.newOutputStream(incoming)) {
                SqliteCloudFiles.copy(dump, file);
            }
            SqliteCloudFiles.requireSound(incoming);
            if (!api.download(database, before)) {
                uploadNew(database, incoming);
                return;
            }
            try {
                api.replace(database, incoming);
            } catch (IOException failed) {
                try {
                    api.replace(database, before);
                } catch (IOException putBack) {
                    keepBefore = true;
                    failed.addSuppressed(putBack);
                    throw new IOException(failed.getMessage() + "; putting the old " + database + " back failed too ("
                            + putBack.getMessage() + "): upload " + before + " to it by hand", failed);
                }
                throw new IOException(failed.getMessage().replaceFirst("; ", " (" + database
                        + " was put back as it was); "), failed);
            }
        } finally {
            SqliteFiles.deleteWithSidecars(incoming);
            if (!keepBefore) {
                SqliteFiles.deleteWithSidecars(before);
            }
        }
    }

    /** Uploads a new database; a failed upload removes whatever part of it the project kept. */
    private void uploadNew(String database, Path incoming) throws IOException {
        try {
            api.create(database, incoming);
        } catch (IOException failed) {
            try {
                api.delete(database);
            } catch (IOException notRemoved) {
                failed.addSuppressed(notRemoved);
            }
            throw failed;
        }
    }

    /** Refuses a target that is not {@code sqlitecloud://HOST/NAME} of the configured project (the key's). */
    @Override
    public void requireTarget(String target) {
        SqliteCloudTarget parsed = SqliteCloudTarget.parse(target);
        if (!parsed.host().equals(source.host())) {
            throw new BackstopException(parsed.spelled() + " is in another SQLite Cloud project; this database's api_key"
                    + " reaches only " + source.host() + ", such as " + new SqliteCloudTarget(source.host(),
                    "restored.sqlite").spelled());
        }
    }

    @Override
    public String scratchTarget(String label) {
        return new SqliteCloudTarget(source.host(), "drill-" + label + ".sqlite").spelled();
    }

    /** {@code place} is {@code sqlitecloud://HOST} of the configured project: the only one the api_key reaches. */
    @Override
    public String scratchTarget(String label, String place) {
        String host = place.strip().replaceFirst("(?i)^sqlitecloud://", "").replaceFirst("/$", "");
        if (!place.strip().toLowerCase(java.util.Locale.ROOT).startsWith("sqlitecloud://")
                || !host.equalsIgnoreCase(source.host())) {
            throw new BackstopException("drill.target `" + dev.backstop.core.Redaction.secrets(place) + "` must be "
                    + SqliteCloudTarget.SCHEME + "://" + source.host() + ", the project this database's api_key reaches");
        }
        return scratchTarget(label);
    }

    @Override
    public void dropScratch(String target) throws IOException {
        requireTarget(target);
        api.delete(SqliteCloudTarget.parse(target).database());
    }

    @Override
    public List<String> integrityProblems(String target) throws IOException {
        return onCopy(target, SqliteFiles::integrityProblems);
    }

    /** {@code PRAGMA quick_check} on a fresh download of {@code target}. */
    @Override
    public List<String> damageProblems(String target) throws IOException {
        return onCopy(target, SqliteFiles::storageProblems);
    }

    @Override
    public Map<String, Long> rowCounts(String target) throws IOException {
        return onCopy(target, SqliteFiles::rowCounts);
    }

    @Override
    public Optional<String> firstValue(String target, String query) throws IOException {
        return onCopy(target, connection -> {
            try (var statement = connection.createStatement(); var rows = statement.executeQuery(query)) {
                return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.<String>empty();
            }
        });
    }

    private interface Question<T> {
        T ask(Connection connection) throws SQLException;
    }

    /** Downloads {@code target} to the work folder, asks {@code question} of the copy, and deletes the copy. */
    private <T> T onCopy(String target, Question<T> question) throws IOException {
        requireTarget(target);
        String database = SqliteCloudTarget.parse(target).database();
        Path copy = scratchFile(".backstop-check-");
        try {
            if (!api.download(database, copy)) {
                throw new IOException("SQLite Cloud has no database " + database + " at " + source.host()
                        + "; check the database name");
            }
            try (Connection connection = SqliteFiles.open(copy, false)) {
                return question.ask(connection);
            } catch (SQLException failed) {
                throw new IOException("cannot check " + database + ": " + failed.getMessage(), failed);
            }
        } finally {
            SqliteFiles.deleteWithSidecars(copy);
        }
    }

    private Path scratchFile(String prefix) throws IOException {
        Files.createDirectories(workDir);
        return Files.createTempFile(workDir, prefix + clock.millis() + "-", ".db");
    }
}
