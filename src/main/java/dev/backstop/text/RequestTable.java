package dev.backstop.text;

import dev.backstop.approval.ApprovalRequest;
import dev.backstop.approval.ApprovalState;
import dev.backstop.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The restore requests that need people, as {@code status} shows them: one row each, aligned like the status. */
public final class RequestTable {

    private RequestTable() {
    }

    /** The table of {@code requests} at {@code now}, or nothing when there are none. */
    public static Optional<Table> of(List<ApprovalRequest> requests, Instant now) {
        if (requests.isEmpty()) {
            return Optional.empty();
        }
        Table table = new Table("REQUEST", "DATABASE", "BACKUP", "STATE", "BY", "APPROVALS", "DETAIL");
        for (ApprovalRequest request : requests) {
            table.row(request.id(), request.database(),
                    request.pointInTime() ? "at " + request.restoreAt() : request.backupId(),
                    request.state() == ApprovalState.FAILED ? "FAILED" : state(request),
                    request.requester(), request.approvedBy().size() + " of " + ApprovalRequest.REQUIRED_APPROVALS,
                    detail(request, now));
        }
        return Optional.of(table);
    }

    /** The state as the catalog and {@code --json} name it. */
    public static String state(ApprovalRequest request) {
        return request.state().name().toLowerCase(Locale.ROOT);
    }

    /** What the request waits for, or what happened to it, with times relative to {@code now}. */
    public static String detail(ApprovalRequest request, Instant now) {
        return switch (request.state()) {
            case REQUESTED -> "awaiting votes, expires in " + age(now, request.expiresAt());
            case APPROVED -> "restore running for " + age(request.stateSince(), now) + ", last heartbeat "
                    + age(request.heartbeatAt() == null ? request.stateSince() : request.heartbeatAt(), now) + " ago";
            case FAILED -> age(request.stateSince(), now) + " ago: " + request.error();
            default -> state(request) + " " + age(request.stateSince(), now) + " ago";
        };
    }

    private static String age(Instant from, Instant to) {
        return Durations.format(Duration.between(from, to));
    }
}
