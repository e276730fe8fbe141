package dev.backstop.pipeline;

import com.github.luben.zstd.ZstdOutputStream;
import dev.backstop.catalog.Catalog;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupId;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.DatabaseEngine;
import dev.backstop.core.GoodBackups;
import dev.backstop.core.KeepRule;
import dev.backstop.core.ObjectKey;
import dev.backstop.core.ObjectStore;
import dev.backstop.core.Progress;
import dev.backstop.core.SourceSnapshot;
import dev.backstop.core.Ticker;
import dev.backstop.core.Upload;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;

/**
 * Takes backups: the engine's dump is hashed, compressed with zstd, encrypted with age, hashed
 * again and streamed into the store; then the manifest is stored; only then does the catalog say
 * the backup succeeded. On any failure the partial object is discarded and the backup is failed.
 * While it runs, a timer refreshes the row's heartbeat, so other processes can tell it from a
 * backup whose process died ({@link Catalog#failAbandoned}). The heartbeat beats only while bytes
 * keep moving: a backup that moves none for the stall timeout is cancelled and failed for it
 * ({@link JobWatch}), and its heartbeat stops, so even a backup stuck past its interrupt is failed by
 * the sweep.
 */
public final class BackupService {

    private static final int ZSTD_LEVEL = 1;
    private static final int BUFFER = 1 << 16;
    private static final int SUSPECT_HISTORY = 50;

    private final BackstopConfig config;
    private final EngineResolver engines;
    private final ObjectStore store;
    private final ObjectLayout layout;
    private final Catalog catalog;
    private final JobLocks locks;
    private final AfterBackup housekeeping;
    private final Ticker ticker;
    private final RunningJobs jobs;
    private final Clock clock;
    private final AbandonedUploads uploads;

    /** A service whose backups are watched for stalls on {@code ticker}, with the configured stall timeout. */
    public BackupService(BackstopConfig config, EngineResolver engines, ObjectStore store, ObjectLayout layout,
                         Catalog catalog, JobLocks locks, AfterBackup housekeeping, Ticker ticker, Clock clock) {
        this(config, engines, store, layout, catalog, locks, housekeeping, ticker,
                new RunningJobs(config.scheduler().stallTimeout(), ticker, clock), clock);
    }

    /** A service whose backups are watched among {@code jobs}. */
    public BackupService(BackstopConfig config, EngineResolver engines, ObjectStore store, ObjectLayout layout,
                         Catalog catalog, JobLocks locks, AfterBackup housekeeping, Ticker ticker, RunningJobs jobs,
                         Clock clock) {
        this.config = config;
        this.engines = engines;
        this.store = store;
        this.layout = layout;
        this.catalog = catalog;
        this.locks = locks;
        this.housekeeping = housekeeping;
        this.ticker = ticker;
        this.jobs = jobs;
        this.clock = clock;
        this.uploads = new AbandonedUploads(store, layout, catalog, clock);
    }

    /**
     * Backs up {@code database} now on behalf of {@code actor}, then applies its retention policy,
     * drops what stopped restores left, the temp files killed jobs left and its expired pre-restore
     * copies, and aborts the uploads that earlier backups left ({@link AbandonedUploads}); returns the
     * succeeded record or throws. A failure of any of those does not fail the backup; it is written to
     * the audit log.
     */
    public BackupRecord backup(String database, String actor, Progress progress) {
        return backup(database, actor, "", progress);
    }

    /**
     * As {@link #backup(String, String, Progress)}, with {@code label} stored in the catalog (empty for
     * none); {@link BackupRecord#PRE_RESTORE} marks a restore's safety backup, which retention keeps for
     * the database's {@code keep_pre_restore} whatever its other rules say.
     */
    public BackupRecord backup(String database, String actor, String label, Progress progress) {
        return backup(database, actor, label, KeepRule.NONE, progress);
    }

    /**
     * As {@link #backup(String, String, String, Progress)}, with the backup held from retention as
     * {@code keep} asks: pinned until {@code unpin}, or kept for a while from when it is taken. The hold
     * is written to the audit log as a {@code pin} entry once the backup succeeded.
     */
    public BackupRecord backup(String database, String actor, String label, KeepRule keep, Progress progress) {
        DatabaseConfig settings = Databases.require(config, database);
        String checkedLabel = BackupLabels.check(label);
        try (JobLocks.Held held = locks.acquire(database, "backup", actor)) {
            BackupRecord backup = run(settings, engines.engineFor(settings), actor, checkedLabel, keep, progress);
            applyRetention(settings, actor);
            return backup;
        }
    }

    private void applyRetention(DatabaseConfig settings, String actor) {
        housekeeping.afterBackup(settings, actor);
        try {
            uploads.abort(settings, actor);
        } catch (IOException | RuntimeException alreadyAudited) {
            // The failure is in the audit log; the uploads are tried again after the next backup.
        }
    }

    private BackupRecord run(DatabaseConfig settings, DatabaseEngine engine, String actor, String label,
                             KeepRule keep, Progress progress) {
        BackupId id = BackupId.next(clock);
        ObjectKey dataKey = layout.dataKey(settings.name(), id);
        ObjectKey manifestKey = layout.manifestKey(settings.name(), id);
        BackupRecord started = BackupRecord.started(id, settings.name(), engine.name(), dataKey, manifestKey, actor,
                label, keep);
        catalog.insert(started);
        // A timer keeps the heartbeat while the backup has not stalled: a live snapshot can be silent for a
        // while, but not for the stall timeout. A heartbeat that cannot be written is tried again at the next tick.
        try (JobWatch watch = jobs.watch("backup", settings.name());
             Ticker.Ticking heartbeat = ticker.every(Catalog.heartbeatInterval(config.scheduler().stallTimeout()), () -> {
                 if (!watch.stalled()) {
                     catalog.heartbeat(started.id(), clock.instant());
                 }
             })) {
            return complete(settings, engine, started, dataKey, manifestKey, progress, watch);
        }
    }

    /** The jobs running in this process, watched for stalls; restores share them. */
    public RunningJobs jobs() {
        return jobs;
    }

    /** Streams the object and stores the manifest, then ends the started row as succeeded or failed. */
    private BackupRecord complete(DatabaseConfig settings, DatabaseEngine engine, BackupRecord started,
                                  ObjectKey dataKey, ObjectKey manifestKey, Progress progress, JobWatch watch) {
        boolean commitTried = false;
        try {
            Written written;
            try (Upload upload = store.create(dataKey)) {
                written = writeObject(engine, upload, progress, watch);
                if (written.raw.count() == 0) {
                    throw new IOException("the dump of " + settings.name() + " is empty, so nothing was stored;"
                            + " check the database and its engine settings");
                }
                progress.report("committing", written.object.count());
                // A commit that fails may still have stored the object (S3 can complete a
                // multipart upload whose answer is then lost), so from here a failure deletes it.
                commitTried = true;
                upload.commit();
            }
            BackupRecord succeeded = started.succeeded(clock.instant(), written.object.count(),
                    written.object.sha256(), written.raw.count(), written.raw.sha256());
            storeManifest(settings, engine, succeeded, written.snapshot, manifestKey);
            catalog.update(succeeded);
            audit(succeeded, "succeeded", "size " + succeeded.sizeBytes() + " sha256 " + succeeded.sha256()
                    + (succeeded.label().isEmpty() ? "" : " label " + succeeded.label())
                    + suspicion(succeeded).map(why -> "; suspect: " + why).orElse(""));
            if (!succeeded.hold().isEmpty()) {
                audit(succeeded, "pin", "succeeded", succeeded.hold());
            }
            return succeeded;
        } catch (IOException | RuntimeException failure) {
            String reason = watch.reasonFor(failure);
            if (commitTried) {
                discard(dataKey);
            }
            BackupRecord failed = started.failed(clock.instant(), reason);
            catalog.update(failed);
            audit(failed, "failed", reason);
            throw new BackstopException("backup of " + settings.name() + " failed: " + reason, failure);
        }
    }

    /**
     * Why {@code backup} is suspect: its dump is under 10% of the last good backup's before it, more often a
     * broken source than real deletions ({@link GoodBackups}); empty when it is not. Callers show it with the
     * result; the {@code backup.suspect} alert and retention use the same rule.
     */
    public java.util.Optional<String> suspicion(BackupRecord backup) {
        return GoodBackups.suspicion(backup, catalog.list(backup.database(), SUSPECT_HISTORY));
    }

    private record Written(HashingOutputStream object, HashingOutputStream raw, SourceSnapshot snapshot) {
    }

    private record Produced(HashingOutputStream raw, SourceSnapshot snapshot) {
    }

    /** Dump, hash and compress on one thread; encrypt, hash and upload on this one. */
    private Written writeObject(DatabaseEngine engine, Upload upload, Progress progress, JobWatch watch)
            throws IOException {
        ZstdNativeLibrary.prepare();
        StreamPipe pipe = new StreamPipe();
        var producer = pipe.produce("backstop-dump", sink -> {
            ZstdOutputStream compressed = new ZstdOutputStream(sink);
            compressed.setLevel(ZSTD_LEVEL);
            compressed.setChecksum(true);
            compressed.setWorkers(Runtime.getRuntime().availableProcessors());
            HashingOutputStream raw = new HashingOutputStream(watch.counting(compressed), progress, "dump");
            SourceSnapshot snapshot = engine.dump(raw, progress);
            raw.flush();
            compressed.close();
            return new Produced(raw, snapshot);
        });
        HashingOutputStream object = new HashingOutputStream(watch.counting(upload.stream()), Progress.NONE, "upload");
        Exception readerFailure = null;
        try (InputStream compressed = pipe.source()) {
            OutputStream encrypted = new BufferedOutputStream(
                    AgeCrypto.encrypt(object, config.encryption().recipients()), BUFFER);
            compressed.transferTo(encrypted);
            encrypted.close();
        } catch (IOException | RuntimeException failed) {
            readerFailure = failed;
        }
        Produced produced = StreamPipe.join(producer, readerFailure);
        return new Written(object, produced.raw(), produced.snapshot());
    }

    private void storeManifest(DatabaseConfig settings, DatabaseEngine engine, BackupRecord backup,
                               SourceSnapshot snapshot, ObjectKey manifestKey) throws IOException {
        Manifest manifest = new Manifest(Manifest.VERSION, backup.id(), settings.name(), engine.name(),
                backup.createdAt(), backup.finishedAt(), backup.actor(), backup.objectKey(), backup.sizeBytes(),
                backup.sha256(), Manifest.OBJECT_FORMAT, engine.dumpFormat(), backup.rawSizeBytes(),
                backup.rawSha256(), Manifest.COMPRESSION, Manifest.ENCRYPTION, config.encryption().recipients(),
                snapshot.tableRowCounts(), snapshot.details(), ToolVersion.current(), backup.label());
        try (Upload upload = store.create(manifestKey)) {
            upload.stream().write(ManifestCodec.encode(manifest));
            upload.commit();
        }
    }

    private void discard(ObjectKey key) {
        try {
            store.delete(key);
        } catch (IOException ignored) {
            // The catalog marks the backup failed, so a leftover object is never offered for restore.
        }
    }

    private void audit(BackupRecord backup, String outcome, String detail) {
        audit(backup, "backup", outcome, detail);
    }

    private void audit(BackupRecord backup, String action, String outcome, String detail) {
        catalog.audit(new AuditEntry(clock.instant(), backup.actor(), action, backup.database(), backup.id(),
                store.describe(), outcome, detail));
    }
}
