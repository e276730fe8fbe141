package dev.backstop.schedule;

import dev.backstop.catalog.Catalog;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.ObjectKey;
import dev.backstop.core.ObjectStore;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Applies a database's retention policy: for each backup the plan prunes, deletes the object and
 * the manifest, then marks the catalog row pruned and writes the audit log.
 */
public final class Pruner {

    /** Only this many of the newest backups are considered, so a long history stays cheap to plan. */
    private static final int HISTORY = 100_000;

    private final ObjectStore store;
    private final Catalog catalog;
    private final Function<String, Set<String>> protectedIds;
    private final Clock clock;

    /** {@code protectedIds} gives, per database, the backup ids that open restores or running drills use. */
    public Pruner(ObjectStore store, Catalog catalog, Function<String, Set<String>> protectedIds, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.protectedIds = protectedIds;
        this.clock = clock;
    }

    /** What the policy would keep and prune now. */
    public RetentionPlan plan(DatabaseConfig database) {
        return RetentionPlan.of(catalog.list(database.name(), HISTORY), database.retention(),
                protectedIds.apply(database.name()));
    }

    /** Prunes what the plan says; returns the pruned backups. Stops at the first storage error. */
    public List<BackupRecord> prune(DatabaseConfig database, String actor) throws IOException {
        List<BackupRecord> pruned = new ArrayList<>();
        for (BackupRecord backup : plan(database).prune()) {
            store.delete(new ObjectKey(backup.objectKey()));
            store.delete(new ObjectKey(backup.manifestKey()));
            catalog.update(backup.pruned(clock.instant()));
            catalog.audit(new AuditEntry(clock.instant(), actor, "prune", database.name(), backup.id(),
                    store.describe(), "succeeded", "retention " + database.retention()));
            pruned.add(backup);
        }
        return pruned;
    }
}
