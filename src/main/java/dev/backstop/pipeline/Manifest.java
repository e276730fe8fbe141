package dev.backstop.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON document stored beside each backup object. It is enough, with the identity, to check
 * and restore the backup without the catalog. {@code label} is the backup's label, empty for none; a
 * manifest written before labels existed reads with an empty one.
 */
public record Manifest(
        int manifestVersion,
        String id,
        String database,
        String engine,
        Instant createdAt,
        Instant completedAt,
        String actor,
        String objectKey,
        long objectSizeBytes,
        String objectSha256,
        String objectFormat,
        String dumpFormat,
        long dumpSizeBytes,
        String dumpSha256,
        String compression,
        String encryption,
        List<String> recipients,
        Map<String, Long> tableRowCounts,
        Map<String, String> source,
        String toolVersion,
        String label) {

    public static final int VERSION = 1;
    public static final String OBJECT_FORMAT = "age-encryption.org/v1 (X25519) wrapping zstd";
    public static final String COMPRESSION = "zstd";
    public static final String ENCRYPTION = "age-encryption.org/v1 X25519";

    public Manifest {
        label = label == null ? "" : label;
    }
}
