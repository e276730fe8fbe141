package dev.backstop.pipeline;

import dev.backstop.catalog.Catalog;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.ObjectStore;
import dev.backstop.core.PendingUpload;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Aborts the multipart uploads that backups of a database left in the store when it went away
 * mid-upload, so their parts stop costing storage. Only Backstop's own keys are touched: under the
 * database's folder, shaped as a backup's data object or manifest ({@link ObjectLayout#backupIdOf}).
 * An upload whose backup the catalog shows running is left alone, once backups whose process died are
 * ended ({@link Catalog#failAbandoned}). One whose backup has ended (failed, succeeded or pruned)
 * cannot be completed by anyone and is aborted at once. One whose id the catalog
 * does not know belongs to a Backstop with another catalog writing the same prefix, whose progress
 * cannot be seen; S3 tells only when the upload began, so it is aborted only once it began more
 * than {@link #FOREIGN_AFTER} ago, longer than a backup runs.
 */
public final class AbandonedUploads {

    /** How old an upload of a backup this catalog does not know must be before it is aborted. */
    public static final Duration FOREIGN_AFTER = Duration.ofHours(24);

    private static final String ACTION = "abort upload";

    private final ObjectStore store;
    private final ObjectLayout layout;
    private final Catalog catalog;
    private final Clock clock;

    public AbandonedUploads(ObjectStore store, ObjectLayout layout, Catalog catalog, Clock clock) {
        this.store = store;
        this.layout = layout;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * Aborts the abandoned uploads of {@code database} and returns them; each abort goes to the audit
     * log with {@code actor}. Throws at the first storage error, which is audited too.
     */
    public List<PendingUpload> abort(DatabaseConfig database, String actor) throws IOException {
        Instant now = clock.instant();
        catalog.failAbandoned(now);
        Instant foreignBefore = now.minus(FOREIGN_AFTER);
        List<PendingUpload> aborted = new ArrayList<>();
        for (PendingUpload upload : pending(database, actor)) {
            Optional<String> id = layout.backupIdOf(database.name(), upload.key());
            if (id.isEmpty()) {
                continue;
            }
            Optional<BackupRecord> backup = catalog.find(database.name(), id.get());
            boolean abandoned = backup.map(known -> known.status() != BackupStatus.RUNNING)
                    .orElse(upload.initiated().isBefore(foreignBefore));
            if (abandoned) {
                try {
                    store.abortUpload(upload);
                } catch (IOException failed) {
                    audit(actor, database, id.get(), "failed", upload.key() + ": " + Failures.describe(failed));
                    throw failed;
                }
                audit(actor, database, id.get(), "succeeded", upload.key() + " begun " + upload.initiated()
                        + (backup.isPresent() ? ", its backup " + backup.get().status().label()
                        : ", unknown to this catalog and older than " + FOREIGN_AFTER.toHours() + "h"));
                aborted.add(upload);
            }
        }
        return aborted;
    }

    private List<PendingUpload> pending(DatabaseConfig database, String actor) throws IOException {
        String folder = layout.databaseFolder(database.name());
        try {
            return store.pendingUploads(folder);
        } catch (IOException failed) {
            audit(actor, database, "", "failed", "list pending uploads under " + folder + ": "
                    + Failures.describe(failed));
            throw failed;
        }
    }

    private void audit(String actor, DatabaseConfig database, String backupId, String outcome, String detail) {
        catalog.audit(new AuditEntry(clock.instant(), actor, ACTION, database.name(), backupId, store.describe(),
                outcome, detail));
    }
}
