package dev.backstop.approval;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A request to restore a production database, bound to the exact backup (id and SHA-256) and
 * target, as a pure state machine: every transition is a method that returns the next request,
 * with no I/O, and time comes from the caller's {@link Clock}.
 */
public record ApprovalRequest(String id, String database, String backupId, String sha256, String target,
                              String requester, Instant createdAt, Instant expiresAt, ApprovalState state,
                              List<String> approvedBy, List<String> deniedBy, Instant executedAt) {

    /** How many different approvers a production restore needs. */
    public static final int REQUIRED_APPROVALS = 2;

    public ApprovalRequest {
        approvedBy = List.copyOf(approvedBy);
        deniedBy = List.copyOf(deniedBy);
    }

    /** A new request that expires after {@code ttl}. */
    public static ApprovalRequest open(String id, String database, String backupId, String sha256, String target,
                                       String requester, Clock clock, Duration ttl) {
        Instant now = clock.instant();
        return new ApprovalRequest(id, database, backupId, sha256, target, requester, now, now.plus(ttl),
                ApprovalState.REQUESTED, List.of(), List.of(), null);
    }

    /** The result of a transition: the request after it, and what the transition did. */
    public record Transition(ApprovalRequest request, VoteOutcome outcome) {
    }

    /** Counts an approval by {@code voter}, under the two-person rule. */
    public Transition approve(String voter, List<String> approvers, Clock clock) {
        Transition refused = refuse(voter, approvers, clock);
        if (refused != null) {
            return refused;
        }
        List<String> approvals = new ArrayList<>(approvedBy);
        approvals.add(voter);
        if (approvals.size() >= REQUIRED_APPROVALS) {
            return new Transition(with(ApprovalState.APPROVED, approvals, deniedBy), VoteOutcome.APPROVED);
        }
        return new Transition(with(ApprovalState.REQUESTED, approvals, deniedBy), VoteOutcome.COUNTED);
    }

    /** One approver's denial closes the request. */
    public Transition deny(String voter, List<String> approvers, Clock clock) {
        Transition refused = refuse(voter, approvers, clock);
        if (refused != null) {
            return refused;
        }
        List<String> denials = new ArrayList<>(deniedBy);
        denials.add(voter);
        return new Transition(with(ApprovalState.DENIED, approvedBy, denials), VoteOutcome.DENIED);
    }

    /** Moves an open request past its expiry to EXPIRED; anything else is returned unchanged. */
    public ApprovalRequest expireIfDue(Clock clock) {
        return state.open() && !clock.instant().isBefore(expiresAt)
                ? with(ApprovalState.EXPIRED, approvedBy, deniedBy) : this;
    }

    /** Marks an approved request as carried out; throws for any other state. */
    public ApprovalRequest executed(Clock clock) {
        if (state != ApprovalState.APPROVED) {
            throw new IllegalStateException("request " + id + " is " + state + ", not APPROVED");
        }
        return new ApprovalRequest(id, database, backupId, sha256, target, requester, createdAt, expiresAt,
                ApprovalState.EXECUTED, approvedBy, deniedBy, clock.instant());
    }

    private Transition refuse(String voter, List<String> approvers, Clock clock) {
        ApprovalRequest current = expireIfDue(clock);
        if (current.state == ApprovalState.EXPIRED) {
            return new Transition(current, VoteOutcome.EXPIRED);
        }
        if (!current.state.open()) {
            return new Transition(current, VoteOutcome.CLOSED);
        }
        if (!approvers.contains(voter)) {
            return new Transition(current, VoteOutcome.NOT_AN_APPROVER);
        }
        if (voter.equals(requester)) {
            return new Transition(current, VoteOutcome.SELF_APPROVAL);
        }
        if (approvedBy.contains(voter) || deniedBy.contains(voter)) {
            return new Transition(current, VoteOutcome.DUPLICATE);
        }
        return null;
    }

    private ApprovalRequest with(ApprovalState next, List<String> approvals, List<String> denials) {
        return new ApprovalRequest(id, database, backupId, sha256, target, requester, createdAt, expiresAt, next,
                approvals, denials, executedAt);
    }
}
