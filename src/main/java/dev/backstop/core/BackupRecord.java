package dev.backstop.core;

import java.time.Instant;

/**
 * One backup as the catalog knows it. Sizes and checksums are of the stored object
 * ({@code sizeBytes}, {@code sha256}) and of the raw dump ({@code rawSizeBytes}, {@code rawSha256});
 * they are zero and empty until the backup succeeds. {@code label} is empty for an ordinary backup,
 * {@value #PRE_RESTORE} for the safety backup a restore takes of the live database first. A
 * {@code pinned} backup is kept by retention until unpinned; one with a {@code keepUntil} (null for
 * none) is kept until then.
 */
public record BackupRecord(
        String id,
        String database,
        String engine,
        Instant createdAt,
        Instant finishedAt,
        BackupStatus status,
        String objectKey,
        String manifestKey,
        long sizeBytes,
        String sha256,
        long rawSizeBytes,
        String rawSha256,
        String actor,
        String error,
        String label,
        boolean pinned,
        Instant keepUntil) {

    /** The label of the safety backup taken before a restore overwrites the live database. */
    public static final String PRE_RESTORE = "pre-restore";

    /** A backup without a label. */
    public BackupRecord(String id, String database, String engine, Instant createdAt, Instant finishedAt,
                        BackupStatus status, String objectKey, String manifestKey, long sizeBytes, String sha256,
                        long rawSizeBytes, String rawSha256, String actor, String error) {
        this(id, database, engine, createdAt, finishedAt, status, objectKey, manifestKey, sizeBytes, sha256,
                rawSizeBytes, rawSha256, actor, error, "");
    }

    /** A backup that retention treats like any other. */
    public BackupRecord(String id, String database, String engine, Instant createdAt, Instant finishedAt,
                        BackupStatus status, String objectKey, String manifestKey, long sizeBytes, String sha256,
                        long rawSizeBytes, String rawSha256, String actor, String error, String label) {
        this(id, database, engine, createdAt, finishedAt, status, objectKey, manifestKey, sizeBytes, sha256,
                rawSizeBytes, rawSha256, actor, error, label, false, null);
    }

    public BackupRecord {
        label = label == null ? "" : label;
    }

    /** A new backup that has just started. */
    public static BackupRecord started(BackupId id, String database, String engine, ObjectKey objectKey,
                                       ObjectKey manifestKey, String actor) {
        return started(id, database, engine, objectKey, manifestKey, actor, "");
    }

    /** A new backup with {@code label} (empty for none) that has just started. */
    public static BackupRecord started(BackupId id, String database, String engine, ObjectKey objectKey,
                                       ObjectKey manifestKey, String actor, String label) {
        return started(id, database, engine, objectKey, manifestKey, actor, label, KeepRule.NONE);
    }

    /** A new backup with {@code label} that retention treats as {@code keep} asks, just started. */
    public static BackupRecord started(BackupId id, String database, String engine, ObjectKey objectKey,
                                       ObjectKey manifestKey, String actor, String label, KeepRule keep) {
        return new BackupRecord(id.value(), database, engine, id.createdAt(), null, BackupStatus.RUNNING,
                objectKey.path(), manifestKey.path(), 0, "", 0, "", actor, "", label, keep.pin(),
                keep.keepUntil(id.createdAt()));
    }

    /** True while retention must keep this backup whatever its policy says: pinned, or before its keep-until. */
    public boolean heldAt(Instant now) {
        return pinned || (keepUntil != null && now.isBefore(keepUntil));
    }

    /** How the backup is held, such as "pinned" or "kept until 2026-12-31T02:00:00Z"; empty when it is not. */
    public String hold() {
        if (pinned) {
            return "pinned";
        }
        return keepUntil == null ? "" : "kept until " + keepUntil;
    }

    /** True for the safety backup a restore took of the live database before overwriting it. */
    public boolean preRestore() {
        return PRE_RESTORE.equals(label);
    }

    public BackupRecord succeeded(Instant at, long size, String sha, long rawSize, String rawSha) {
        return new BackupRecord(id, database, engine, createdAt, at, BackupStatus.SUCCEEDED, objectKey,
                manifestKey, size, sha, rawSize, rawSha, actor, "", label, pinned, keepUntil);
    }

    /** The same backup after retention deleted its objects; sizes and checksums stay for the record. */
    public BackupRecord pruned(Instant at) {
        return new BackupRecord(id, database, engine, createdAt, finishedAt, BackupStatus.PRUNED, objectKey,
                manifestKey, sizeBytes, sha256, rawSizeBytes, rawSha256, actor, "pruned at " + at, label, pinned,
                keepUntil);
    }

    /** The same backup with its pin and keep-until removed, so retention treats it like any other. */
    public BackupRecord released() {
        return new BackupRecord(id, database, engine, createdAt, finishedAt, status, objectKey, manifestKey,
                sizeBytes, sha256, rawSizeBytes, rawSha256, actor, error, label, false, null);
    }

    public BackupRecord failed(Instant at, String reason) {
        return new BackupRecord(id, database, engine, createdAt, at, BackupStatus.FAILED, objectKey,
                manifestKey, 0, "", 0, "", actor, reason, label, pinned, keepUntil);
    }
}
