package dev.backstop.core;

import java.time.Instant;

/** One line of the append-only audit log: who did what to which database, and how it ended. */
public record AuditEntry(Instant at, String actor, String action, String database, String backupId,
                         String target, String outcome, String detail) {
}
