package dev.backstop.approval;

import dev.backstop.catalog.ApprovalRow;
import dev.backstop.catalog.Catalog;
import dev.backstop.config.BackstopConfig;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupId;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.Progress;
import dev.backstop.pipeline.BackupService;
import dev.backstop.pipeline.RestoreService;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * Production restores under the two-person rule, with the state in the catalog so a restart
 * loses no request and no vote. Votes are applied one at a time; the vote that completes the
 * approval also marks the request executed, so the restore runs exactly once however many votes
 * or redelivered events arrive together.
 */
public final class ApprovalService {

    /** What a vote did, and the restore it triggered, if any. */
    public record VoteResult(ApprovalRequest request, VoteOutcome outcome, Optional<RestoreService.Restored> restored) {
    }

    private final BackstopConfig config;
    private final Catalog catalog;
    private final BackupService backups;
    private final RestoreService restores;
    private final Clock clock;

    public ApprovalService(BackstopConfig config, Catalog catalog, BackupService backups, RestoreService restores,
                           Clock clock) {
        this.config = config;
        this.catalog = catalog;
        this.backups = backups;
        this.restores = restores;
        this.clock = clock;
    }

    /** Opens a request to restore {@code idOrLatest} of a production database into {@code target}. */
    public synchronized ApprovalRequest request(String database, String idOrLatest, String target, String requester) {
        BackupRecord backup = restores.resolve(database, idOrLatest);
        String destination = target == null || target.isBlank() ? "" : target;
        ApprovalRequest request = ApprovalRequest.open("R" + BackupId.next(clock).value(), database, backup.id(),
                backup.sha256(), destination, requester, clock, config.slack().approvalTtl());
        save(request, "");
        audit(requester, "restore.request", request, "requested",
                "needs " + ApprovalRequest.REQUIRED_APPROVALS + " approvals by " + request.expiresAt());
        return request;
    }

    /** Remembers which chat message carries the request, so reactions on it count as votes. */
    public synchronized void attachMessage(String requestId, String messageRef) {
        ApprovalRow row = catalog.findApproval(requestId).orElseThrow(() -> unknown(requestId));
        catalog.saveApproval(ApprovalRows.row(fromRow(row), messageRef));
    }

    /** The request with this id or message, with expiry applied. */
    public synchronized Optional<ApprovalRequest> find(String idOrMessageRef) {
        return catalog.findApproval(idOrMessageRef).map(ApprovalService::fromRow).map(request -> request.expireIfDue(clock));
    }

    /**
     * Applies one vote. When it is the approval that completes the request, re-checks that the
     * backup is unchanged, takes a safety backup when the target is the live database, and restores.
     */
    public VoteResult vote(String idOrMessageRef, String voter, boolean approve, Progress progress) {
        ApprovalRequest after;
        VoteOutcome outcome;
        synchronized (this) {
            ApprovalRow row = catalog.findApproval(idOrMessageRef).orElseThrow(() -> unknown(idOrMessageRef));
            ApprovalRequest before = fromRow(row);
            ApprovalRequest.Transition transition = approve
                    ? before.approve(voter, config.slack().approvers(), clock)
                    : before.deny(voter, config.slack().approvers(), clock);
            outcome = transition.outcome();
            after = outcome == VoteOutcome.APPROVED ? transition.request().executed(clock) : transition.request();
            if (!after.equals(before)) {
                save(after, row.messageRef());
            }
            audit(voter, "restore.vote", after, outcome.name().toLowerCase(Locale.ROOT), approve ? "approve" : "deny");
        }
        if (outcome != VoteOutcome.APPROVED) {
            return new VoteResult(after, outcome, Optional.empty());
        }
        return new VoteResult(after, outcome, Optional.of(execute(after, progress)));
    }

    private RestoreService.Restored execute(ApprovalRequest request, Progress progress) {
        String actor = request.requester() + " (approved by " + String.join(", ", request.approvedBy()) + ")";
        BackupRecord backup = restores.resolve(request.database(), request.backupId());
        if (!backup.sha256().equals(request.sha256())) {
            audit(actor, "restore", request, "refused", "backup changed after approval");
            throw new BackstopException("backup " + backup.id() + " changed after it was approved; nothing was"
                    + " restored; request a new restore");
        }
        if (request.target().isEmpty()) {
            backups.backup(request.database(), "backstop:pre-restore " + request.id(), progress);
        }
        return restores.restore(backup, request.target().isEmpty() ? null : request.target(), actor, progress);
    }

    private void save(ApprovalRequest request, String messageRef) {
        catalog.saveApproval(ApprovalRows.row(request, messageRef));
    }

    private static ApprovalRequest fromRow(ApprovalRow row) {
        return ApprovalRows.request(row);
    }

    private void audit(String actor, String action, ApprovalRequest request, String outcome, String detail) {
        catalog.audit(new AuditEntry(clock.instant(), actor, action, request.database(), request.backupId(),
                request.target(), outcome, request.id() + ": " + detail));
    }

    private static BackstopException unknown(String id) {
        return new BackstopException("no restore request " + id + "; it may have been made on another Backstop");
    }
}
