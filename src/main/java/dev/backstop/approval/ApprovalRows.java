package dev.backstop.approval;

import dev.backstop.catalog.ApprovalRow;
import java.util.Locale;

/** Converts between a request and its catalog row, where the state is a lower-case word. */
final class ApprovalRows {

    private ApprovalRows() {
    }

    static ApprovalRow row(ApprovalRequest request, String messageRef) {
        return row(request, messageRef, 0);
    }

    /** The row of {@code request} as a change of the stored row read at {@code version}. */
    static ApprovalRow row(ApprovalRequest request, String messageRef, long version) {
        return new ApprovalRow(request.id(), request.database(), request.backupId(), request.sha256(),
                request.target(), request.requester(), request.createdAt(), request.expiresAt(),
                state(request.state()), request.stateSince(), request.approvedBy(), request.deniedBy(),
                request.executedAt(), messageRef, request.heartbeatAt(), request.error(), request.restoreAt(),
                request.bookmark(), version);
    }

    static ApprovalRequest request(ApprovalRow row) {
        return new ApprovalRequest(row.id(), row.database(), row.backupId(), row.sha256(), row.target(),
                row.requester(), row.createdAt(), row.expiresAt(),
                ApprovalState.valueOf(row.state().toUpperCase(Locale.ROOT)), row.stateSince(), row.approvedBy(),
                row.deniedBy(), row.executedAt(), row.heartbeatAt(), row.error(), row.restoreAt(), row.bookmark());
    }

    static String state(ApprovalState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
