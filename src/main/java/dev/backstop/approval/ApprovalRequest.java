package dev.backstop.approval;

import dev.backstop.core.Redaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A request to restore a production database, bound to the exact backup (id and SHA-256) and
 * target, as a pure state machine: every transition is a method that returns the next request,
 * with no I/O, and time comes from the caller's {@link Clock}.
 *
 * <p>The second approval makes it {@code APPROVED}: the restore runs now, and the process running
 * it keeps {@code heartbeatAt} fresh. The restore's end makes it {@code EXECUTED} or {@code FAILED}
 * with the reason in {@code error}. An approved request whose heartbeat went silent is ended as
 * {@code FAILED} too ({@link #abandonIfSilent}); it is never restored again by itself.
 *
 * <p>{@code stateSince} is when it entered its state: its creation, the approval or denial, the end
 * of its restore, or for an expired request its expiry.
 *
 * <p>A request to put a database back to a past moment in place (Time Travel) is bound instead to
 * {@code restoreAt} and the {@code bookmark} found for it when it was asked: its {@code backupId} and
 * {@code sha256} are empty, since no backup is restored, and its target is the live database. Both
 * are null for a backup restore. The states and the two-person rule are the same for both kinds.
 */
public record ApprovalRequest(String id, String database, String backupId, String sha256, String target,
                              String requester, Instant createdAt, Instant expiresAt, ApprovalState state,
                              Instant stateSince, List<String> approvedBy, List<String> deniedBy,
                              Instant executedAt, Instant heartbeatAt, String error, Instant restoreAt,
                              String bookmark) {

    /** How many different approvers a production restore needs. */
    public static final int REQUIRED_APPROVALS = 2;

    /** How the reason of a request ended by {@link #abandonIfSilent} starts. */
    public static final String INTERRUPTED = "interrupted: ";

    public ApprovalRequest {
        approvedBy = List.copyOf(approvedBy);
        deniedBy = List.copyOf(deniedBy);
        error = error == null ? "" : error;
        if ((restoreAt == null) != (bookmark == null || bookmark.isEmpty())) {
            throw new IllegalArgumentException("request " + id + " needs both a time and a bookmark, or neither");
        }
        if (restoreAt != null && (!backupId.isEmpty() || !sha256.isEmpty() || !target.isEmpty())) {
            throw new IllegalArgumentException("request " + id + " to a point in time names no backup and no target");
        }
    }

    /** A request to restore a backup. */
    public ApprovalRequest(String id, String database, String backupId, String sha256, String target,
                           String requester, Instant createdAt, Instant expiresAt, ApprovalState state,
                           Instant stateSince, List<String> approvedBy, List<String> deniedBy,
                           Instant executedAt, Instant heartbeatAt, String error) {
        this(id, database, backupId, sha256, target, requester, createdAt, expiresAt, state, stateSince, approvedBy,
                deniedBy, executedAt, heartbeatAt, error, null, null);
    }

    /** Whether this request puts the live database back to {@link #bookmark} rather than restoring a backup. */
    public boolean pointInTime() {
        return restoreAt != null;
    }

    /** The target as people, Slack and the audit log see it: any password in it replaced by {@code ***}. */
    public String shownTarget() {
        return Redaction.secrets(target);
    }

    /** A new request that expires after {@code ttl}. */
    public static ApprovalRequest open(String id, String database, String backupId, String sha256, String target,
                                       String requester, Clock clock, Duration ttl) {
        Instant now = clock.instant();
        return new ApprovalRequest(id, database, backupId, sha256, target, requester, now, now.plus(ttl),
                ApprovalState.REQUESTED, now, List.of(), List.of(), null, null, "");
    }

    /**
     * A new request, expiring after {@code ttl}, to put {@code database} back in place to {@code bookmark},
     * which the engine gave for its state at {@code restoreAt}.
     */
    public static ApprovalRequest openAt(String id, String database, Instant restoreAt, String bookmark,
                                         String requester, Clock clock, Duration ttl) {
        Instant now = clock.instant();
        return new ApprovalRequest(id, database, "", "", "", requester, now, now.plus(ttl), ApprovalState.REQUESTED,
                now, List.of(), List.of(), null, null, "", restoreAt, bookmark);
    }

    /** The result of a transition: the request after it, and what the transition did. */
    public record Transition(ApprovalRequest request, VoteOutcome outcome) {
    }

    /**
     * Counts an approval by {@code voter}, under the two-person rule. The approval that completes it
     * makes the request {@code APPROVED} with its first heartbeat now: the restore may run.
     */
    public Transition approve(String voter, List<String> approvers, Clock clock) {
        Transition refused = refuse(voter, approvers, clock);
        if (refused != null) {
            return refused;
        }
        List<String> approvals = new ArrayList<>(approvedBy);
        approvals.add(voter);
        if (approvals.size() >= REQUIRED_APPROVALS) {
            return new Transition(new ApprovalRequest(id, database, backupId, sha256, target, requester, createdAt,
                    expiresAt, ApprovalState.APPROVED, clock.instant(), approvals, deniedBy, null, clock.instant(), "", restoreAt,
                    bookmark),
                    VoteOutcome.APPROVED);
        }
        return new Transition(with(ApprovalState.REQUESTED, stateSince, approvals, deniedBy), VoteOutcome.COUNTED);
    }

    /** One approver's denial closes the request. */
    public Transition deny(String voter, List<String> approvers, Clock clock) {
        Transition refused = refuse(voter, approvers, clock);
        if (refused != null) {
            return refused;
        }
        List<String> denials = new ArrayList<>(deniedBy);
        denials.add(voter);
        return new Transition(with(ApprovalState.DENIED, clock.instant(), approvedBy, denials), VoteOutcome.DENIED);
    }

    /** Moves an open request past its expiry to EXPIRED, as of its expiry; anything else is returned unchanged. */
    public ApprovalRequest expireIfDue(Clock clock) {
        return state.open() && !clock.instant().isBefore(expiresAt)
                ? with(ApprovalState.EXPIRED, expiresAt, approvedBy, deniedBy) : this;
    }

    /**
     * Ends the restore of an approved request as carried out. Also accepted from a request ended as
     * {@linkplain #interrupted() interrupted}: its process was only paused, and its real ending lands.
     * Throws for any other state.
     */
    public ApprovalRequest executed(Clock clock) {
        requireRestoring("executed");
        Instant now = clock.instant();
        return new ApprovalRequest(id, database, backupId, sha256, target, requester, createdAt, expiresAt,
                ApprovalState.EXECUTED, now, approvedBy, deniedBy, now, heartbeatAt, "", restoreAt, bookmark);
    }

    /** Ends the restore of an approved or {@linkplain #interrupted() interrupted} request as failed, now. */
    public ApprovalRequest failed(String reason, Clock clock) {
        requireRestoring("failed");
        return new ApprovalRequest(id, database, backupId, sha256, target, requester, createdAt, expiresAt,
                ApprovalState.FAILED, clock.instant(), approvedBy, deniedBy, null, heartbeatAt, reason, restoreAt,
                bookmark);
    }

    /**
     * Ends an approved request whose heartbeat is older than {@code limit} as {@code FAILED}: the
     * process running its restore stopped, so the restore did not finish, or finished unrecorded.
     * Anything else is returned unchanged.
     */
    public ApprovalRequest abandonIfSilent(Duration limit, Clock clock) {
        Instant lastSign = heartbeatAt == null ? createdAt : heartbeatAt;
        if (state != ApprovalState.APPROVED || !lastSign.plus(limit).isBefore(clock.instant())) {
            return this;
        }
        return failed(INTERRUPTED + "no heartbeat since " + lastSign + "; the bot stopped while the restore ran",
                clock);
    }

    /** Whether the request was ended because the process running its restore went silent. */
    public boolean interrupted() {
        return state == ApprovalState.FAILED && error.startsWith(INTERRUPTED);
    }

    private void requireRestoring(String next) {
        if (state != ApprovalState.APPROVED && !interrupted()) {
            throw new IllegalStateException("request " + id + " is " + state + ", not APPROVED, so it cannot be "
                    + next);
        }
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

    private ApprovalRequest with(ApprovalState next, Instant since, List<String> approvals, List<String> denials) {
        return new ApprovalRequest(id, database, backupId, sha256, target, requester, createdAt, expiresAt, next,
                since, approvals, denials, executedAt, heartbeatAt, error, restoreAt, bookmark);
    }
}
