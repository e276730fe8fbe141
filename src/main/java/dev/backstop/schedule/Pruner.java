package dev.backstop.schedule;

import dev.backstop.catalog.Catalog;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.Durations;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.DatabaseEngine;
import dev.backstop.core.ObjectKey;
import dev.backstop.core.ObjectStore;
import dev.backstop.core.SetAside;
import dev.backstop.pipeline.AfterBackup;
import dev.backstop.pipeline.Failures;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Applies a database's retention policy: for each backup the plan prunes, deletes the object and
 * the manifest, then marks the catalog row pruned and writes the audit log. It also drops the
 * databases restores left beside their targets (see {@link SetAsideSweep}), and removes the temp
 * files that killed jobs left (see {@link LeftoverFiles}).
 */
public final class Pruner implements AfterBackup {

    /** Only this many of the newest backups are considered, so a long history stays cheap to plan. */
    private static final int HISTORY = 100_000;

    private final ObjectStore store;
    private final Catalog catalog;
    private final Function<String, Set<String>> protectedIds;
    private final Function<DatabaseConfig, DatabaseEngine> engines;
    private final Clock clock;
    private final SetAsideSweep setAside;
    private final LeftoverFiles leftoverFiles;

    /**
     * {@code protectedIds} gives, per database, the backup ids that open restores or running drills
     * use; {@code engines} gives the engine that lists and drops a database's set-aside databases.
     */
    public Pruner(ObjectStore store, Catalog catalog, Function<String, Set<String>> protectedIds,
                  Function<DatabaseConfig, DatabaseEngine> engines, Clock clock) {
        this(store, catalog, protectedIds, engines, LeftoverFiles.NONE, clock);
    }

    /** As above; {@code leftoverFiles} says where killed jobs' temp files are looked for. */
    public Pruner(ObjectStore store, Catalog catalog, Function<String, Set<String>> protectedIds,
                  Function<DatabaseConfig, DatabaseEngine> engines, LeftoverFiles leftoverFiles, Clock clock) {
        this.leftoverFiles = leftoverFiles;
        this.store = store;
        this.catalog = catalog;
        this.protectedIds = protectedIds;
        this.engines = engines;
        this.clock = clock;
        this.setAside = new SetAsideSweep(catalog, engines, clock);
    }

    /**
     * After a backup of {@code database}: prunes what retention no longer keeps, drops the set-aside databases
     * that are due and removes the temp files killed jobs left. Each step runs even when an earlier one failed;
     * every failure is in the audit log with {@code actor}, none is thrown.
     */
    @Override
    public void afterBackup(DatabaseConfig database, String actor) {
        try {
            prune(database, actor);
        } catch (IOException | RuntimeException failure) {
            catalog.audit(new AuditEntry(clock.instant(), actor, "prune", database.name(), "", store.describe(),
                    "failed", Failures.describe(failure)));
        }
        try {
            dropSetAside(database, actor);
        } catch (RuntimeException alreadyAudited) {
            // The failure is in the audit log; the database is tried again after the next backup.
        }
        try {
            removeLeftoverFiles(database, actor);
        } catch (RuntimeException alreadyAudited) {
            // The failure is in the audit log; the file is tried again after the next backup.
        }
    }

    /** What the policy, and {@code keep_pre_restore} for the restores' safety backups, would keep and prune now. */
    public RetentionPlan plan(DatabaseConfig database) {
        return PreRestoreRetention.plan(catalog.list(database.name(), HISTORY), database.retention(),
                database.keepPreRestore(), protectedIds.apply(database.name()), clock.instant());
    }

    /** Prunes what the plan says; returns the pruned backups. Stops at the first storage error. */
    public List<BackupRecord> prune(DatabaseConfig database, String actor) throws IOException {
        List<BackupRecord> pruned = new ArrayList<>();
        for (BackupRecord backup : plan(database).prune()) {
            store.delete(new ObjectKey(backup.objectKey()));
            store.delete(new ObjectKey(backup.manifestKey()));
            catalog.update(backup.pruned(clock.instant()));
            catalog.audit(new AuditEntry(clock.instant(), actor, "prune", database.name(), backup.id(),
                    store.describe(), "succeeded", backup.preRestore()
                            ? "pre-restore backup older than keep_pre_restore "
                                    + Durations.format(database.keepPreRestore())
                            : "not kept by retention (" + database.retention().describe() + ")"));
            pruned.add(backup);
        }
        return pruned;
    }

    /**
     * Removes the pin or keep-until of backup {@code id} of {@code database} on behalf of {@code actor}, so
     * retention treats it like any other from the next prune on, and writes the audit log; returns the
     * backup as it was. Throws a one-line BackstopException when there is no such backup or it is not held.
     */
    public BackupRecord unpin(DatabaseConfig database, String id, String actor) {
        BackupRecord backup = catalog.find(database.name(), id).orElseThrow(() -> new BackstopException("no backup "
                + id + " of database " + database.name() + "; run `backstop list " + database.name()
                + "` to see the ids"));
        if (!backup.pinned() && backup.keepUntil() == null) {
            throw new BackstopException("backup " + id + " of " + database.name() + " is not pinned or kept;"
                    + " there is nothing to unpin");
        }
        catalog.release(database.name(), id);
        catalog.audit(new AuditEntry(clock.instant(), actor, "unpin", database.name(), id, "", "succeeded",
                "was " + backup.hold() + (backup.label().isEmpty() ? "" : ", label " + backup.label())));
        return backup;
    }

    /**
     * Every database that restores of {@code database} left beside its target (restoring ones first, each
     * kind oldest first), with whether a sweep now would drop it and why; empty for engines whose restores
     * leave none. Throws a BackstopException that says why when the server cannot be asked.
     */
    public List<SetAsideVerdict> setAside(DatabaseConfig database) {
        return setAside.review(database);
    }

    /**
     * Drops the set-aside databases of {@code database} that {@link #setAside} says to drop and returns
     * them: pre-restore copies older than {@code keep_pre_restore}, and restoring databases whose restore
     * started more than 24 hours ago and that have no sessions. Drops and failures are audited with
     * {@code actor}; the first failure is thrown as a BackstopException.
     */
    public List<SetAside> dropSetAside(DatabaseConfig database, String actor) {
        return setAside.sweep(database, actor);
    }

    /**
     * Removes the temp files that killed jobs left (see {@link LeftoverFiles}) and returns them. Each
     * removal and each failure goes to the audit log with {@code actor}; the first failure stops the run and
     * is thrown as a BackstopException that says what happened.
     */
    public List<LeftoverFiles.Leftover> removeLeftoverFiles(DatabaseConfig database, String actor) {
        List<LeftoverFiles.Leftover> found;
        try {
            Instant now = clock.instant();
            found = leftoverFiles.find(database, now, () -> catalog.anyBackupRunning(now));
        } catch (IOException failed) {
            auditRemoval(actor, database, "", "failed", "cannot list leftover files: " + failed.getMessage());
            throw new BackstopException("cannot look for leftover files: " + failed.getMessage(), failed);
        }
        List<LeftoverFiles.Leftover> removed = new ArrayList<>();
        for (LeftoverFiles.Leftover leftover : found) {
            try {
                java.nio.file.Files.deleteIfExists(leftover.file());
            } catch (IOException failed) {
                auditRemoval(actor, database, leftover.file().toString(), "failed", String.valueOf(failed.getMessage()));
                throw new BackstopException("cannot remove leftover " + leftover.file() + ": " + failed.getMessage()
                        + "; check its permissions", failed);
            }
            auditRemoval(actor, database, leftover.file().toString(), "succeeded", "left by a stopped job; last written "
                    + leftover.lastWritten());
            removed.add(leftover);
        }
        return removed;
    }

    private void auditRemoval(String actor, DatabaseConfig database, String target, String outcome, String detail) {
        catalog.audit(new AuditEntry(clock.instant(), actor, "remove leftover file", database.name(), "", target,
                outcome, detail));
    }
}
