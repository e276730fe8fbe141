package dev.backstop.config;

import java.nio.file.Path;

/**
 * Where backups are stored: {@code local} under a folder, or {@code s3} in a bucket, whose uploads
 * are cut into parts of {@code partSize} bytes.
 */
public record StorageConfig(String type, Path path, String bucket, String prefix, String endpoint,
                            String region, boolean pathStyle, String accessKeyId, String secretAccessKey,
                            int partSize) {

    /** S3 refuses parts under 5 MiB (except the last). */
    public static final int MIN_PART_SIZE = 5 << 20;
    /** An upload holds two part buffers, so 512 MiB parts already need 1 GiB of heap. */
    public static final int MAX_PART_SIZE = 512 << 20;
    /** 8 MiB parts fit objects up to 78 GiB into S3's 10,000 parts. */
    public static final int DEFAULT_PART_SIZE = 8 << 20;

    public static StorageConfig local(Path path) {
        return new StorageConfig("local", path, "", "", "", "", false, "", "", DEFAULT_PART_SIZE);
    }

    @Override
    public String toString() {
        return "local".equals(type) ? "local " + path : "s3 bucket " + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }
}
