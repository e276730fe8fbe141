package dev.backstop.pipeline;

import dev.backstop.catalog.Catalog;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.core.Applied;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.DatabaseEngine;
import dev.backstop.core.NewTargetOnly;
import dev.backstop.core.ObjectKey;
import dev.backstop.core.ObjectNotFoundException;
import dev.backstop.core.ObjectStore;
import dev.backstop.core.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Restores and verifies backups. The object's size and SHA-256 are checked against the catalog
 * and the manifest before the target is touched: a remote object while it is downloaded to a temp
 * file, a local one as it is decrypted (see {@link DumpStream}). The dump's size is checked as it
 * streams ({@code verify} also checks its SHA-256), and the engine applies it only when the whole
 * dump has arrived intact. A restore
 * says "succeeded" only once the target passes the engine's integrity checks and holds the row
 * counts the manifest recorded. A restore or verify whose bytes stop moving for the stall timeout
 * is cancelled and fails for it ({@link JobWatch}).
 */
public final class RestoreService {

    private static final String LABEL = "label:";

    private final BackstopConfig config;
    private final EngineResolver engines;
    private final ObjectStore store;
    private final Catalog catalog;
    private final JobLocks locks;
    private final BackupsInUse inUse;
    private final Path workDir;
    private final RunningJobs jobs;
    private final Clock clock;

    /** A service whose restores nothing watches for stalls. */
    public RestoreService(BackstopConfig config, EngineResolver engines, ObjectStore store, Catalog catalog,
                          JobLocks locks, Path workDir, Clock clock) {
        this(config, engines, store, catalog, locks, workDir,
                RunningJobs.unwatched(config.scheduler().stallTimeout(), clock), clock);
    }

    /** A service whose restores are watched among {@code jobs}. */
    public RestoreService(BackstopConfig config, EngineResolver engines, ObjectStore store, Catalog catalog,
                          JobLocks locks, Path workDir, RunningJobs jobs, Clock clock) {
        this.jobs = jobs;
        this.config = config;
        this.engines = engines;
        this.store = store;
        this.catalog = catalog;
        this.locks = locks;
        this.inUse = new BackupsInUse(catalog, clock);
        this.workDir = workDir;
        this.clock = clock;
    }

    /**
     * What a finished restore did: {@code applied} names where the old target was kept, such as a
     * damaged SQLite file, if anything was kept.
     */
    public record Restored(BackupRecord backup, String target, Duration took, Applied applied) {

        /** "; what was there before is kept as X" when something was set aside, otherwise "". */
        public String setAsideNote() {
            return applied.note();
        }
    }

    /** What a finished verify found. */
    public record Verified(BackupRecord backup, long dumpBytes, Duration took) {
    }

    /** The configured database named {@code name}, or a one-line error listing the configured ones. */
    public DatabaseConfig resolveDatabase(String name) {
        return Databases.require(config, name);
    }

    /**
     * The production database whose live data restoring a backup of {@code database} into {@code target}
     * (null: its own location) would overwrite, if any; such a restore takes a safety backup of it first.
     */
    public Optional<DatabaseConfig> overwrittenProduction(String database, String target) {
        return LiveTargets.overwrittenProduction(config, engines, database, target);
    }

    /** Restores of a database to a past moment in place, for engines that can ({@code PointInTime}). */
    public TimeTravel timeTravel() {
        return new TimeTravel(config, engines, catalog, locks, clock);
    }

    /**
     * Finds a succeeded backup by id, the newest one for {@code latest}, or the newest one with label L
     * for {@code label:L}; throws a one-line error otherwise.
     */
    public BackupRecord resolve(String database, String idOrLatest) {
        Databases.require(config, database);
        if (idOrLatest.startsWith(LABEL)) {
            String label = idOrLatest.substring(LABEL.length());
            return catalog.latestSucceeded(database, label).orElseThrow(() -> new BackstopException("database "
                    + database + " has no succeeded backup labelled " + label + "; run `backstop list " + database
                    + "` to see the labels"));
        }
        if ("latest".equals(idOrLatest)) {
            return catalog.latestSucceeded(database).orElseThrow(() -> new BackstopException(
                    "database " + database + " has no succeeded backup; run `backstop backup " + database + "` first"));
        }
        BackupRecord backup = catalog.find(database, idOrLatest).orElseThrow(() -> new BackstopException(
                "no backup " + idOrLatest + " of database " + database + "; run `backstop list " + database
                        + "` to see the ids"));
        if (backup.status() != BackupStatus.SUCCEEDED) {
            throw new BackstopException("backup " + backup.id() + " of " + database + " is " + backup.status().label()
                    + ", not succeeded; pick another id from `backstop list " + database + "`");
        }
        return backup;
    }

    /**
     * Restores {@code backup} into {@code target} (the database's own location when null).
     * Authorization, such as the two-person rule, is the caller's duty and happens before this.
     */
    public Restored restore(BackupRecord backup, String target, String actor, Progress progress) {
        DatabaseConfig settings = Databases.require(config, backup.database());
        DatabaseEngine engine = engines.engineFor(settings);
        String destination = target == null || target.isBlank() ? engine.defaultTarget() : target;
        long start = System.nanoTime();
        try (JobLocks.Held held = locks.acquire(backup.database(), "restore", actor);
             BackupsInUse.Held reading = inUse.hold(backup.database(), backup.id())) {
            engine.requireTarget(destination);
            requireNewTarget(engine, destination);
            Applied[] applied = {Applied.NOTHING_KEPT};
            Manifest manifest = withVerifiedDump("restore", backup, progress,
                    dump -> applied[0] = engine.apply(dump, backup.rawSizeBytes(), destination));
            new RestoredCheck(engine, destination).require(backup, manifest, applied[0]);
            Restored restored = new Restored(backup, engine.describe(destination),
                    Duration.ofNanos(System.nanoTime() - start), applied[0]);
            audit(actor, "restore", backup, engine.describe(destination), "succeeded", "took " + restored.took().toMillis()
                    + " ms; integrity and the row counts of " + manifest.tableRowCounts().size() + " tables checked"
                    + restored.setAsideNote());
            return restored;
        } catch (BackstopException refused) {
            audit(actor, "restore", backup, engine.describe(destination), "failed", refused.getMessage());
            throw refused;
        }
    }

    /**
     * Restores {@code backup} into a scratch {@code target} for a drill: the same checks as a
     * restore, but without the database's job slot, since the live database is not touched.
     */
    public void restoreScratch(BackupRecord backup, String target, Progress progress) {
        DatabaseEngine engine = engines.engineFor(Databases.require(config, backup.database()));
        withVerifiedDump("restore", backup, progress, dump -> engine.restore(dump, backup.rawSizeBytes(), target));
    }

    /**
     * For an engine that restores only into a new database ({@link NewTargetOnly}), refuses an existing
     * {@code destination} with one line before anything is downloaded.
     */
    private static void requireNewTarget(DatabaseEngine engine, String destination) {
        Optional<NewTargetOnly> newOnly = engine.capability(NewTargetOnly.class);
        if (newOnly.isEmpty()) {
            return;
        }
        boolean exists;
        try {
            exists = newOnly.get().exists(destination);
        } catch (IOException unreadable) {
            throw new BackstopException("cannot tell whether " + engine.describe(destination) + " exists: "
                    + Failures.describe(unreadable) + "; check the target and retry", unreadable);
        }
        if (exists) {
            throw new BackstopException(engine.describe(destination) + " already exists, and the " + engine.name()
                    + " engine restores only into a new database; name a new target with --to");
        }
    }

    /** Downloads, checks and decrypts a backup to its end without restoring it. */
    public Verified verify(BackupRecord backup, String actor, Progress progress) {
        long start = System.nanoTime();
        try {
            long[] size = new long[1];
            withVerifiedDump("verify", backup, progress,
                    dump -> size[0] = dump.transferTo(OutputStream.nullOutputStream()));
            Verified verified = new Verified(backup, size[0], Duration.ofNanos(System.nanoTime() - start));
            audit(actor, "verify", backup, "", "succeeded", "dump " + size[0] + " bytes, sha256 " + backup.rawSha256());
            return verified;
        } catch (BackstopException refused) {
            audit(actor, "verify", backup, "", "failed", refused.getMessage());
            throw refused;
        }
    }

    /** Streams the checked dump to {@code consumer} and returns the manifest it was checked against. */
    private Manifest withVerifiedDump(String kind, BackupRecord backup, Progress progress,
                                      DumpStream.Consumer consumer) {
        List<String> identities = AgeCrypto.readIdentities(config.encryption().identityFile());
        Manifest manifest = manifest(backup);
        try (JobWatch watch = jobs.watch(kind, backup.database())) {
            try {
                readVerified(backup, "verify".equals(kind), progress, consumer, identities, watch);
                return manifest;
            } catch (IOException | RuntimeException failed) {
                if (failed instanceof RuntimeException unchecked && !watch.cancelled()) {
                    throw unchecked;
                }
                throw new BackstopException("restore of " + backup.id() + " failed: " + watch.reasonFor(failed)
                        + "; the target was left as it was", failed);
            }
        }
    }

    private void readVerified(BackupRecord backup, boolean hashDump, Progress progress, DumpStream.Consumer consumer,
                              List<String> identities, JobWatch watch) throws IOException {
        Path download = null;
        try {
            ObjectKey key = new ObjectKey(backup.objectKey());
            Path object = store.localFile(key).orElse(null);
            if (object != null && !Files.isRegularFile(object)) {
                throw new ObjectNotFoundException(key);
            }
            boolean checkWhileReading = object != null;
            if (!checkWhileReading) {
                Files.createDirectories(workDir);
                download = Files.createTempFile(workDir, ".backstop-download-", ".age");
                object = download;
                fetch(backup, download, progress, watch);
            }
            new DumpStream(backup, config.encryption().identityFile(), identities)
                    .read(object, checkWhileReading, hashDump, progress, dump -> consumer.accept(watch.counting(dump)));
        } catch (ObjectNotFoundException missing) {
            throw new BackstopException("the object of backup " + backup.id() + " is missing from "
                    + store.describe() + "; restore another backup");
        } catch (ChecksumMismatchException mismatch) {
            throw new BackstopException("backup " + backup.id() + " is damaged: " + mismatch.getMessage()
                    + "; the target was not touched; restore an older backup", mismatch);
        } finally {
            deleteQuietly(download);
        }
    }

    /** Reads a backup's manifest and checks that it agrees with the catalog; throws a one-line error otherwise. */
    public Manifest manifest(BackupRecord backup) {
        Manifest manifest;
        try (InputStream in = store.open(new ObjectKey(backup.manifestKey()))) {
            manifest = ManifestCodec.decode(in);
        } catch (ObjectNotFoundException missing) {
            throw new BackstopException("the manifest of backup " + backup.id() + " is missing from "
                    + store.describe() + "; the backup cannot be trusted; restore another backup");
        } catch (IOException unreadable) {
            throw new BackstopException("cannot read the manifest of backup " + backup.id() + ": "
                    + Failures.describe(unreadable) + "; check the storage settings and retry");
        }
        if (!manifest.objectSha256().equals(backup.sha256()) || manifest.objectSizeBytes() != backup.sizeBytes()
                || !manifest.dumpSha256().equals(backup.rawSha256())) {
            throw new BackstopException("the manifest of backup " + backup.id()
                    + " disagrees with the catalog about its checksum; the target was not touched; restore another backup");
        }
        return manifest;
    }

    /** Downloads a remote object to {@code download}; its size and SHA-256 must match the catalog's. */
    private void fetch(BackupRecord backup, Path download, Progress progress, JobWatch watch) throws IOException {
        HashingOutputStream copy;
        try (InputStream object = store.open(new ObjectKey(backup.objectKey()));
             OutputStream out = watch.counting(Files.newOutputStream(download))) {
            copy = new HashingOutputStream(out, progress, "download");
            byte[] block = new byte[1 << 20];
            for (int read = object.readNBytes(block, 0, block.length); read > 0;
                 read = object.readNBytes(block, 0, block.length)) {
                copy.write(block, 0, read);
            }
            copy.flush();
        }
        String stored = copy.sha256();
        if (copy.count() != backup.sizeBytes() || !stored.equals(backup.sha256())) {
            throw new ChecksumMismatchException("stored object has " + copy.count() + " bytes with sha256 " + stored
                    + ", but " + backup.sizeBytes() + " bytes with sha256 " + backup.sha256() + " were recorded");
        }
    }

    private void audit(String actor, String action, BackupRecord backup, String target, String outcome, String detail) {
        catalog.audit(new AuditEntry(clock.instant(), actor, action, backup.database(), backup.id(), target,
                outcome, detail));
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A leftover download in the work folder holds only encrypted bytes.
            }
        }
    }
}
