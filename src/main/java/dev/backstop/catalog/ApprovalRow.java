package dev.backstop.catalog;

import java.time.Instant;
import java.util.List;

/**
 * An approval request as stored: the catalog keeps it as plain fields so that the approval
 * package owns the rules. {@code messageRef} names the chat message that carries the request.
 */
public record ApprovalRow(String id, String database, String backupId, String sha256, String target, String requester,
                          Instant createdAt, Instant expiresAt, String state, List<String> approvedBy,
                          List<String> deniedBy, Instant executedAt, String messageRef) {
    public ApprovalRow {
        approvedBy = List.copyOf(approvedBy);
        deniedBy = List.copyOf(deniedBy);
    }
}
