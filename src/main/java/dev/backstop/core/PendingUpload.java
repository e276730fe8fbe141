package dev.backstop.core;

import java.time.Instant;

/** A multipart upload a store holds that was neither completed nor aborted: its key, its id and when it began. */
public record PendingUpload(String key, String uploadId, Instant initiated) {
}
