package dev.backstop.core;

import java.time.Instant;

/**
 * One restore drill as the catalog keeps it. {@code checksJson} is the list of checks as JSON,
 * the same text as the evidence object's {@code checks}.
 */
public record DrillRecord(String id, String database, String backupId, Instant startedAt, long durationMs,
                          long rtoMs, boolean passed, String checksJson, String evidenceKey, String actor) {
}
