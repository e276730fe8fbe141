package dev.backstop.catalog;

import java.time.Instant;

/**
 * Who holds a database's job lock: the job ({@code "backup started by alice"}), the process holding it
 * ({@code host:pid:uuid}), since when, and until when its lease runs unless renewed.
 */
public record JobLock(String database, String job, String holder, Instant acquiredAt, Instant expiresAt) {
}
