package dev.backstop.catalog;

import java.time.Instant;
import java.util.List;

/**
 * An approval request as stored: the catalog keeps it as plain fields so that the approval
 * package owns the rules. {@code messageRef} names the chat message that carries the request;
 * {@code heartbeatAt} is the last sign of life of the process running its restore (null before
 * approval), {@code error} why it failed ({@code ""} otherwise), and {@code stateSince} when it entered
 * its state. {@code restoreAt} and {@code bookmark} bind a request to put the database back to a past
 * moment in place (both null for a backup restore). {@code version} counts the state changes stored: each
 * change is stored only while the row is still at the version it was read at (compare-and-set).
 */
public record ApprovalRow(String id, String database, String backupId, String sha256, String target, String requester,
                          Instant createdAt, Instant expiresAt, String state, Instant stateSince,
                          List<String> approvedBy, List<String> deniedBy, Instant executedAt, String messageRef,
                          Instant heartbeatAt, String error, Instant restoreAt, String bookmark, long version) {
    public ApprovalRow {
        approvedBy = List.copyOf(approvedBy);
        deniedBy = List.copyOf(deniedBy);
        error = error == null ? "" : error;
    }

    /** A row not stored yet, or whose version does not matter to the caller. */
    public ApprovalRow(String id, String database, String backupId, String sha256, String target, String requester,
                       Instant createdAt, Instant expiresAt, String state, Instant stateSince,
                       List<String> approvedBy, List<String> deniedBy, Instant executedAt, String messageRef,
                       Instant heartbeatAt, String error, Instant restoreAt, String bookmark) {
        this(id, database, backupId, sha256, target, requester, createdAt, expiresAt, state, stateSince, approvedBy,
                deniedBy, executedAt, messageRef, heartbeatAt, error, restoreAt, bookmark, 0);
    }

    /** The row of a backup restore. */
    public ApprovalRow(String id, String database, String backupId, String sha256, String target, String requester,
                       Instant createdAt, Instant expiresAt, String state, Instant stateSince,
                       List<String> approvedBy, List<String> deniedBy, Instant executedAt, String messageRef,
                       Instant heartbeatAt, String error) {
        this(id, database, backupId, sha256, target, requester, createdAt, expiresAt, state, stateSince, approvedBy,
                deniedBy, executedAt, messageRef, heartbeatAt, error, null, null, 0);
    }
}
