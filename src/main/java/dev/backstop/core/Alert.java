package dev.backstop.core;

import java.time.Instant;

/**
 * One alert event, such as {@code backup.stale} or {@code backup.stale.recovered}, for one database.
 * {@code channel} is where chat alerts go; {@code reminder} marks a repeat of an open incident.
 */
public record Alert(String event, String database, String message, Instant timestamp, String channel, boolean reminder) {
}
