package dev.backstop.core;

import java.time.Instant;

/** An incident that is still open: one per database and kind, so a persisting condition alerts once. */
public record OpenAlert(String database, String kind, Instant openedAt, Instant lastSentAt, String message) {
}
