package dev.backstop.core;

import java.time.Instant;

/**
 * One backup as the catalog knows it. Sizes and checksums are of the stored object
 * ({@code sizeBytes}, {@code sha256}) and of the raw dump ({@code rawSizeBytes}, {@code rawSha256});
 * they are zero and empty until the backup succeeds.
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
        String error) {

    /** A new backup that has just started. */
    public static BackupRecord started(BackupId id, String database, String engine, ObjectKey objectKey,
                                       ObjectKey manifestKey, String actor) {
        return new BackupRecord(id.value(), database, engine, id.createdAt(), null, BackupStatus.RUNNING,
                objectKey.path(), manifestKey.path(), 0, "", 0, "", actor, "");
    }

    public BackupRecord succeeded(Instant at, long size, String sha, long rawSize, String rawSha) {
        return new BackupRecord(id, database, engine, createdAt, at, BackupStatus.SUCCEEDED, objectKey,
                manifestKey, size, sha, rawSize, rawSha, actor, "");
    }

    /** The same backup after retention deleted its objects; sizes and checksums stay for the record. */
    public BackupRecord pruned(Instant at) {
        return new BackupRecord(id, database, engine, createdAt, finishedAt, BackupStatus.PRUNED, objectKey,
                manifestKey, sizeBytes, sha256, rawSizeBytes, rawSha256, actor, "pruned at " + at);
    }

    public BackupRecord failed(Instant at, String reason) {
        return new BackupRecord(id, database, engine, createdAt, at, BackupStatus.FAILED, objectKey,
                manifestKey, 0, "", 0, "", actor, reason);
    }
}
