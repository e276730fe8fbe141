package dev.backstop.engine;

import dev.backstop.config.EngineSettings;
import dev.backstop.core.RestoreTarget;
import dev.backstop.core.TargetUrl;

/**
 * A PostgreSQL database's own settings: its {@code postgresql://} URL, the password from
 * {@code password:} (empty: the URL's, then PGPASSWORD or ~/.pgpass; it never reaches argv), and
 * {@code restore_jobs}, the number of {@code pg_restore} jobs a restore runs (1 streams the dump into
 * one pg_restore; more spool it to the work folder first, since {@code pg_restore -j} needs a file).
 */
public record PostgresSettings(String url, String password, int restoreJobs) implements EngineSettings {

    /** Restores run this many pg_restore jobs unless {@code restore_jobs} says otherwise. */
    public static final int DEFAULT_RESTORE_JOBS = 2;

    public PostgresSettings {
        if (restoreJobs < 1) {
            throw new IllegalArgumentException("restore_jobs must be at least 1");
        }
    }

    /** The settings with the default number of restore jobs. */
    public PostgresSettings(String url, String password) {
        this(url, password, DEFAULT_RESTORE_JOBS);
    }

    @Override
    public String engine() {
        return PostgresProvider.NAME;
    }

    @Override
    public RestoreTarget source() {
        return TargetUrl.parse(url);
    }

    @Override
    public String toString() {
        return "PostgresSettings[" + dev.backstop.core.Redaction.secrets(url) + ", restore_jobs " + restoreJobs + "]";
    }
}
