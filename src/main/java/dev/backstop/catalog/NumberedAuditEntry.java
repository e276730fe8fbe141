package dev.backstop.catalog;

import dev.backstop.core.AuditEntry;

/** An audit entry with its place in the log: numbers grow with every entry, in the order they were written. */
public record NumberedAuditEntry(long seq, AuditEntry entry) {
}
