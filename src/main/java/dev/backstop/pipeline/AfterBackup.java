package dev.backstop.pipeline;

import dev.backstop.config.DatabaseConfig;

/**
 * The housekeeping {@link BackupService#backup} runs after each backup of a database, still under its job
 * lock: retention and the sweeps of what stopped jobs left. Pipeline owns the seam; the scheduler's
 * {@code Pruner} fills it. It does not throw: each step's failure goes to the audit log with {@code actor}
 * and does not fail the backup.
 */
public interface AfterBackup {

    void afterBackup(DatabaseConfig database, String actor);
}
