package dev.backstop.config;

import java.nio.file.Path;

/** Where backups are stored: {@code local} under a folder, or {@code s3} in a bucket. */
public record StorageConfig(String type, Path path, String bucket, String prefix, String endpoint,
                            String region, boolean pathStyle, String accessKeyId, String secretAccessKey) {

    public static StorageConfig local(Path path) {
        return new StorageConfig("local", path, "", "", "", "", false, "", "");
    }

    @Override
    public String toString() {
        return "local".equals(type) ? "local " + path : "s3 bucket " + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }
}
