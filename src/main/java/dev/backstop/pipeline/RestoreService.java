package dev.backstop.pipeline;

import com.github.luben.zstd.ZstdInputStream;
import dev.backstop.catalog.Catalog;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.DatabaseEngine;
import dev.backstop.core.ObjectKey;
import dev.backstop.core.ObjectNotFoundException;
import dev.backstop.core.ObjectStore;
import dev.backstop.core.Progress;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Restores and verifies backups. The object is downloaded to a temp file and its size and
 * SHA-256 are checked against the catalog and the manifest before anything else happens; then it
 * is decrypted and decompressed while the dump's own SHA-256 is checked, and the engine applies it
 * only when the whole dump has arrived intact.
 */
public final class RestoreService {

    private static final int BUFFER = 1 << 16;

    private final BackstopConfig config;
    private final EngineResolver engines;
    private final ObjectStore store;
    private final Catalog catalog;
    private final JobLocks locks;
    private final Path workDir;
    private final Clock clock;

    public RestoreService(BackstopConfig config, EngineResolver engines, ObjectStore store, Catalog catalog,
                          JobLocks locks, Path workDir, Clock clock) {
        this.config = config;
        this.engines = engines;
        this.store = store;
        this.catalog = catalog;
        this.locks = locks;
        this.workDir = workDir;
        this.clock = clock;
    }

    /** What a finished restore did. */
    public record Restored(BackupRecord backup, String target, Duration took) {
    }

    /** What a finished verify found. */
    public record Verified(BackupRecord backup, long dumpBytes, Duration took) {
    }

    /** The configured database named {@code name}, or a one-line error listing the configured ones. */
    public DatabaseConfig resolveDatabase(String name) {
        return Databases.require(config, name);
    }

    /** Finds a succeeded backup by id, or the newest one for {@code latest}; throws a one-line error otherwise. */
    public BackupRecord resolve(String database, String idOrLatest) {
        Databases.require(config, database);
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
        try (JobLocks.Held held = locks.acquire(backup.database(), "restore", actor)) {
            withVerifiedDump(backup, progress, dump -> engine.restore(dump, destination));
            Restored restored = new Restored(backup, engine.describe(destination), Duration.ofNanos(System.nanoTime() - start));
            audit(actor, "restore", backup, engine.describe(destination), "succeeded", "took " + restored.took().toMillis() + " ms");
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
        withVerifiedDump(backup, progress, dump -> engine.restore(dump, target));
    }

    /** Downloads, checks and decrypts a backup to its end without restoring it. */
    public Verified verify(BackupRecord backup, String actor, Progress progress) {
        long start = System.nanoTime();
        try {
            long[] size = new long[1];
            withVerifiedDump(backup, progress, dump -> size[0] = dump.transferTo(OutputStream.nullOutputStream()));
            Verified verified = new Verified(backup, size[0], Duration.ofNanos(System.nanoTime() - start));
            audit(actor, "verify", backup, "", "succeeded", "dump " + size[0] + " bytes, sha256 " + backup.rawSha256());
            return verified;
        } catch (BackstopException refused) {
            audit(actor, "verify", backup, "", "failed", refused.getMessage());
            throw refused;
        }
    }

    /** Reads the stored object to its end, checking it there. */
    @FunctionalInterface
    private interface ObjectEnd {
        void check() throws IOException;
    }

    @FunctionalInterface
    private interface DumpConsumer {
        void accept(InputStream dump) throws IOException;
    }

    private void withVerifiedDump(BackupRecord backup, Progress progress, DumpConsumer consumer) {
        List<String> identities = AgeCrypto.readIdentities(config.encryption().identityFile());
        manifest(backup);
        Path download = null;
        try {
            ObjectKey key = new ObjectKey(backup.objectKey());
            Path object = store.localFile(key).orElse(null);
            boolean checkWhileReading = object != null;
            if (!checkWhileReading) {
                Files.createDirectories(workDir);
                download = Files.createTempFile(workDir, ".backstop-download-", ".age");
                object = download;
                fetch(backup, download, progress);
            }
            // A downloaded object was checked on its way in. A local one is hashed as it is decrypted
            // rather than in a pass of its own: the engine writes to a scratch copy and sees the
            // end of the dump only after the object's size and SHA-256 have matched, so the
            // target is still untouched when they do not.
            InputStream file = new BufferedInputStream(Files.newInputStream(object), BUFFER);
            VerifyingInputStream checked = checkWhileReading ? new VerifyingInputStream(file, "stored object",
                    backup.sizeBytes(), backup.sha256(), Progress.NONE, "check") : null;
            InputStream stored = checked != null ? checked : file;
            ObjectEnd objectEnd = checked != null ? checked::readToEnd : () -> { };
            try (stored) {
                InputStream plain = decrypt(backup, stored, objectEnd, identities);
                // Decryption and decompression on one thread, hashing and applying on the other:
                // the two halves cost about the same, so both cores stay busy.
                StreamPipe pipe = new StreamPipe();
                var decoding = pipe.produce("backstop-decode", sink -> decode(plain, objectEnd, sink));
                Exception consumerFailure = null;
                try (InputStream dump = new VerifyingInputStream(pipe.source(), "dump", backup.rawSizeBytes(),
                        backup.rawSha256(), progress, "restore")) {
                    consumer.accept(dump);
                } catch (IOException | RuntimeException failed) {
                    consumerFailure = failed;
                }
                StreamPipe.join(decoding, consumerFailure);
            }
        } catch (ObjectNotFoundException | NoSuchFileException missing) {
            throw new BackstopException("the object of backup " + backup.id() + " is missing from "
                    + store.describe() + "; restore another backup");
        } catch (ChecksumMismatchException mismatch) {
            throw new BackstopException("backup " + backup.id() + " is damaged: " + mismatch.getMessage()
                    + "; the target was not touched; restore an older backup", mismatch);
        } catch (IOException failed) {
            throw new BackstopException("restore of " + backup.id() + " failed: " + Failures.describe(failed)
                    + "; the target was left as it was", failed);
        } finally {
            deleteQuietly(download);
        }
    }

    /**
     * Decompresses {@code plain} into {@code sink}, then reads the stored object to its end so
     * its size and SHA-256 are checked before the sink ends. A damaged object is reported as
     * damaged even when decryption noticed first.
     */
    private static long decode(InputStream plain, ObjectEnd stored, OutputStream sink) throws IOException {
        InputStream dump = new ZstdInputStream(plain);
        try {
            long copied = 0;
            byte[] block = new byte[1 << 18];
            for (int read = dump.read(block); read >= 0; read = dump.read(block)) {
                sink.write(block, 0, read);
                copied += read;
            }
            stored.check();
            return copied;
        } catch (IOException failed) {
            try {
                stored.check();
            } catch (ChecksumMismatchException damaged) {
                damaged.addSuppressed(failed);
                throw damaged;
            } catch (IOException unreadable) {
                failed.addSuppressed(unreadable);
            }
            throw failed;
        } finally {
            dump.close();
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

    /** Downloads a remote object to {@code download}, hashing it on the way. */
    private void fetch(BackupRecord backup, Path download, Progress progress) throws IOException {
        try (InputStream object = store.open(new ObjectKey(backup.objectKey()))) {
            hashCopy(backup, object, Files.newOutputStream(download), progress, "download");
        }
    }

    private static void hashCopy(BackupRecord backup, InputStream object, OutputStream target, Progress progress,
                                 String stage) throws IOException {
        HashingOutputStream copy;
        try (OutputStream out = target) {
            copy = new HashingOutputStream(out, progress, stage);
            byte[] block = new byte[1 << 20];
            for (int read = object.readNBytes(block, 0, block.length); read > 0;
                 read = object.readNBytes(block, 0, block.length)) {
                copy.write(block, 0, read);
            }
            copy.flush();
        }
        if (copy.count() != backup.sizeBytes() || !copy.sha256().equals(backup.sha256())) {
            throw new ChecksumMismatchException("stored object has " + copy.count() + " bytes with sha256 "
                    + copy.sha256().substring(0, 12) + "..., but " + backup.sizeBytes() + " bytes with sha256 "
                    + backup.sha256().substring(0, 12) + "... were recorded");
        }
    }

    private InputStream decrypt(BackupRecord backup, InputStream object, ObjectEnd objectEnd, List<String> identities)
            throws IOException {
        try {
            return AgeCrypto.decrypt(object, identities);
        } catch (GeneralSecurityException | IOException noMatch) {
            objectEnd.check();
            throw new BackstopException("cannot decrypt backup " + backup.id() + " with "
                    + config.encryption().identityFile() + " (" + Failures.describe(noMatch)
                    + "); use the identity whose recipient the backup was encrypted to; the target was not touched",
                    noMatch);
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
