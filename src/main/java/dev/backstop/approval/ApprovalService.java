package dev.backstop.approval;

import dev.backstop.catalog.ApprovalRow;
import dev.backstop.catalog.Catalog;
import dev.backstop.config.BackstopConfig;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupId;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.PointInTime;
import dev.backstop.core.Progress;
import dev.backstop.core.Ticker;
import dev.backstop.pipeline.BackupService;
import dev.backstop.pipeline.RestoreService;
import dev.backstop.pipeline.RunningJobs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Production restores under the two-person rule, with the state in the catalog so a restart
 * loses no request and no vote. Every change of a request is a compare-and-set on its stored
 * version, so votes are applied one at a time across every replica sharing the catalog: a vote that
 * lost the race re-reads the request and is decided again. The vote that completes the approval makes
 * the request approved, so the restore runs exactly once however many votes or redelivered events
 * arrive together, on however many replicas. While it runs, a timer refreshes the request's heartbeat;
 * its end makes the request executed or failed. A request whose restore went silent, because the
 * process running it stopped, is ended as failed by {@link #endAbandoned} and never run again.
 */
public final class ApprovalService {

    /** Who the audit log names for what Backstop does to a request by itself. */
    static final String BACKSTOP = "backstop";

    /** How long a request that ended failed is still listed by {@link #needingAttention}. */
    public static final Duration FAILED_SHOWN_FOR = Duration.ofHours(24);

    private static final int END_ATTEMPTS = 3;

    /** How often a vote is decided again after another change of the request won the race. */
    private static final int VOTE_ATTEMPTS = 5;

    /**
     * What a vote did, the restore it triggered, if any, and the safety backup taken before that restore;
     * for a request to a point in time, {@code rewound} instead: the bookmark it went to and the previous one
     * that undoes it (no safety backup is taken, the previous bookmark is the undo).
     */
    public record VoteResult(ApprovalRequest request, VoteOutcome outcome, Optional<RestoreService.Restored> restored,
                             Optional<BackupRecord> safetyBackup, Optional<PointInTime.Rewound> rewound) {
    }

    private final BackstopConfig config;
    private final Catalog catalog;
    private final ProductionRestore production;
    private final RestoreService restores;
    private final RunningJobs jobs;
    private final Ticker ticker;
    private final Clock clock;

    public ApprovalService(BackstopConfig config, Catalog catalog, BackupService backups, RestoreService restores,
                           Ticker ticker, Clock clock) {
        this.config = config;
        this.catalog = catalog;
        this.production = new ProductionRestore(backups, restores, catalog, clock);
        this.restores = restores;
        this.jobs = backups.jobs();
        this.ticker = ticker;
        this.clock = clock;
    }

    /** Opens a request to restore {@code idOrLatest} of a production database into {@code target}. */
    public synchronized ApprovalRequest request(String database, String idOrLatest, String target, String requester) {
        BackupRecord backup = restores.resolve(database, idOrLatest);
        String destination = target == null || target.isBlank() ? "" : target;
        ApprovalRequest request = ApprovalRequest.open("R" + BackupId.next(clock).value(), database, backup.id(),
                backup.sha256(), destination, requester, clock, config.slack().approvalTtl());
        catalog.saveApproval(ApprovalRows.row(request, ""));
        audit(requester, "restore.request", request, "requested",
                "needs " + ApprovalRequest.REQUIRED_APPROVALS + " approvals by " + request.expiresAt());
        return request;
    }

    /**
     * Opens a request to put production database {@code database} back in place to how it was at
     * {@code at}, bound to the bookmark its engine gives for that time now: the approved restore goes to
     * exactly that bookmark, whatever the time would resolve to later.
     */
    public synchronized ApprovalRequest requestAt(String database, Instant at, String requester) {
        String bookmark = restores.timeTravel().bookmarkAt(database, at);
        ApprovalRequest request = ApprovalRequest.openAt("R" + BackupId.next(clock).value(), database, at, bookmark,
                requester, clock, config.slack().approvalTtl());
        catalog.saveApproval(ApprovalRows.row(request, ""));
        audit(requester, "restore.request", request, "requested", "to " + at + " (bookmark " + bookmark + "); needs "
                + ApprovalRequest.REQUIRED_APPROVALS + " approvals by " + request.expiresAt());
        return request;
    }

    /** Remembers which chat message carries the request, so reactions on it count as votes. */
    public synchronized void attachMessage(String requestId, String messageRef) {
        catalog.findApproval(requestId).orElseThrow(() -> unknown(requestId));
        catalog.attachApprovalMessage(requestId, messageRef);
    }

    /** The request with this id or message, with expiry applied. */
    public synchronized Optional<ApprovalRequest> find(String idOrMessageRef) {
        return catalog.findApproval(idOrMessageRef).map(ApprovalRows::request)
                .map(request -> request.expireIfDue(clock));
    }

    /**
     * Applies one vote. When it is the approval that completes the request, re-checks that the
     * backup is unchanged and restores it with {@link ProductionRestore} (a safety backup first when the
     * target is the live database);
     * the request then ends as executed, or as failed when the restore throws (which is rethrown).
     */
    public VoteResult vote(String idOrMessageRef, String voter, boolean approve, Progress progress) {
        ApprovalRequest.Transition transition = count(idOrMessageRef, voter, approve);
        ApprovalRequest after = transition.request();
        VoteOutcome outcome = transition.outcome();
        if (outcome != VoteOutcome.APPROVED) {
            return new VoteResult(after, outcome, Optional.empty(), Optional.empty(), Optional.empty());
        }
        return after.pointInTime() ? rewind(after) : restore(after, progress);
    }

    /**
     * Decides one vote on the request as stored and stores the change it makes, with its audit entry, only
     * while the request is still at the version read (compare-and-set); when another vote or replica changed
     * it first, the vote is decided again on what that left, so exactly one caller sees the transition to
     * approved. A vote that changes nothing is audited as it is.
     */
    private synchronized ApprovalRequest.Transition count(String idOrMessageRef, String voter, boolean approve) {
        for (int attempt = 1; ; attempt++) {
            ApprovalRow row = catalog.findApproval(idOrMessageRef).orElseThrow(() -> unknown(idOrMessageRef));
            ApprovalRequest before = ApprovalRows.request(row);
            ApprovalRequest.Transition transition = approve
                    ? before.approve(voter, config.slack().approvers(), clock)
                    : before.deny(voter, config.slack().approvers(), clock);
            ApprovalRequest after = transition.request();
            AuditEntry entry = entry(voter, "restore.vote", after,
                    transition.outcome().name().toLowerCase(Locale.ROOT), approve ? "approve" : "deny");
            if (after.equals(before)) {
                catalog.audit(entry);
                return transition;
            }
            if (catalog.changeApproval(ApprovalRows.row(after, row.messageRef(), row.version()), entry)) {
                return transition;
            }
            if (attempt == VOTE_ATTEMPTS) {
                throw new BackstopException("restore request " + row.id() + " changed while your vote was counted;"
                        + " try again");
            }
        }
    }

    /**
     * Ends as failed every approved request whose heartbeat is older than {@link Catalog#ABANDONED_AFTER}:
     * the process restoring it stopped. Each gets an audit entry by {@value #BACKSTOP} and waits to be
     * announced; returns them. A restore whose process is alive keeps a fresh heartbeat and is left alone.
     */
    public synchronized List<ApprovalRequest> endAbandoned() {
        Clock now = Clock.fixed(clock.instant(), ZoneOffset.UTC);
        Instant silentBefore = now.instant().minus(Catalog.ABANDONED_AFTER);
        List<ApprovalRequest> ended = new ArrayList<>();
        for (ApprovalRow row : catalog.unfinishedApprovals()) {
            ApprovalRequest request = ApprovalRows.request(row);
            ApprovalRequest abandoned = request.abandonIfSilent(Catalog.ABANDONED_AFTER, now);
            if (abandoned != request && catalog.abandonApproval(ApprovalRows.row(abandoned, row.messageRef(),
                    row.version()),
                    silentBefore, entry(BACKSTOP, "restore.request", abandoned, "failed", abandoned.error()))) {
                ended.add(abandoned);
            }
        }
        return ended;
    }

    /** Moves each waiting request past its expiry to expired, audited by {@value #BACKSTOP}; returns them. */
    public synchronized List<ApprovalRequest> expireDue() {
        Clock now = Clock.fixed(clock.instant(), ZoneOffset.UTC);
        List<ApprovalRequest> expired = new ArrayList<>();
        for (ApprovalRow row : catalog.unfinishedApprovals()) {
            ApprovalRequest request = ApprovalRows.request(row);
            ApprovalRequest due = request.expireIfDue(now);
            if (due != request && catalog.endApproval(ApprovalRows.row(due, row.messageRef(), row.version()),
                    row.state(),
                    entry(BACKSTOP, "restore.request", due, "expired", "no decision by " + due.expiresAt()))) {
                expired.add(due);
            }
        }
        return expired;
    }

    /**
     * The requests people may have to act on, oldest first: those waiting for votes and not past their
     * expiry, those approved (restoring, or cut off and not swept yet), and those that ended failed within
     * the last {@link #FAILED_SHOWN_FOR}.
     */
    public List<ApprovalRequest> needingAttention() {
        Clock now = Clock.fixed(clock.instant(), ZoneOffset.UTC);
        return catalog.unfinishedOrFailedSince(now.instant().minus(FAILED_SHOWN_FOR)).stream()
                .map(ApprovalRows::request).map(request -> request.expireIfDue(now))
                .filter(request -> request.state() != ApprovalState.EXPIRED).toList();
    }

    /** Requests that {@link #endAbandoned} ended and people have not been told about yet. */
    public List<ApprovalRequest> unannounced() {
        return catalog.approvalsToAnnounce().stream().map(ApprovalRows::request).toList();
    }

    /** Records that people were told how request {@code id} ended. */
    public void announced(String id) {
        catalog.announced(id);
    }

    /**
     * Restores a backup whose approvals, where it needs them, were checked elsewhere (the CLI's
     * {@code --approved-by}), exactly as an approved chat request is restored: with a safety backup
     * first when the target is a production database's live data.
     */
    public ProductionRestore.Done restoreApproved(BackupRecord backup, String target, String actor,
                                                  Progress progress) {
        return production.restore(backup, target, actor, progress);
    }

    private VoteResult restore(ApprovalRequest approved, Progress progress) {
        ProductionRestore.Done restored;
        // A timer keeps the heartbeat while the restore (or its safety backup) has not stalled: it can be quiet
        // for minutes (pg_restore building indexes), but once it has moved nothing for the stall timeout the
        // heartbeat stops, so a restore stuck past its cancellation is swept as abandoned.
        try (Ticker.Ticking heartbeat = ticker.every(Catalog.HEARTBEAT_INTERVAL, () -> {
            if (!jobs.stalled(approved.database())) {
                catalog.approvalHeartbeat(approved.id(), clock.instant());
            }
        })) {
            restored = execute(approved, progress);
        } catch (RuntimeException failure) {
            try {
                end(approved.id(), request -> request.failed(reason(failure), clock), "");
            } catch (RuntimeException notRecorded) {
                failure.addSuppressed(notRecorded);
            }
            throw failure;
        }
        String safety = restored.safetyBackup().map(backup -> "; pre-restore backup " + backup.id()).orElse("");
        ApprovalRequest executed = end(approved.id(), request -> request.executed(clock), safety);
        return new VoteResult(executed, VoteOutcome.APPROVED, Optional.of(restored.restored()),
                restored.safetyBackup(), Optional.empty());
    }

    /**
     * Puts the database of an approved point-in-time request back to the request's stored bookmark, audited
     * with its requester and both approvers, keeping the heartbeat while it runs. No safety backup is taken:
     * the previous bookmark Time Travel answers undoes it.
     */
    private VoteResult rewind(ApprovalRequest approved) {
        PointInTime.Rewound rewound;
        try (Ticker.Ticking heartbeat = ticker.every(Catalog.HEARTBEAT_INTERVAL,
                () -> catalog.approvalHeartbeat(approved.id(), clock.instant()))) {
            rewound = restores.timeTravel().restoreTo(approved.database(), approved.bookmark(), approved.restoreAt(),
                    actor(approved));
        } catch (RuntimeException failure) {
            try {
                end(approved.id(), request -> request.failed(reason(failure), clock), "");
            } catch (RuntimeException notRecorded) {
                failure.addSuppressed(notRecorded);
            }
            throw failure;
        }
        ApprovalRequest executed = end(approved.id(), request -> request.executed(clock), ": bookmark "
                + rewound.bookmark() + "; previous_bookmark " + rewound.previous() + " undoes it");
        return new VoteResult(executed, VoteOutcome.APPROVED, Optional.empty(), Optional.empty(),
                Optional.of(rewound));
    }

    private static String actor(ApprovalRequest request) {
        return request.requester() + " (approved by " + String.join(", ", request.approvedBy()) + ")";
    }

    private ProductionRestore.Done execute(ApprovalRequest request, Progress progress) {
        String actor = actor(request);
        BackupRecord backup = restores.resolve(request.database(), request.backupId());
        if (!backup.sha256().equals(request.sha256())) {
            audit(actor, "restore", request, "refused", "backup changed after approval");
            throw new BackstopException("backup " + backup.id() + " changed after it was approved; nothing was"
                    + " restored; request a new restore");
        }
        return production.restore(backup, request.target().isEmpty() ? null : request.target(), actor, progress);
    }

    /**
     * Ends the request's restore with {@code ending}, only from the state it is stored in, so a sweep by
     * another process at the same moment is seen and the ending applied to what it left.
     */
    private synchronized ApprovalRequest end(String id, UnaryOperator<ApprovalRequest> ending, String note) {
        for (int attempt = 1; ; attempt++) {
            ApprovalRow row = catalog.findApproval(id).orElseThrow(() -> unknown(id));
            ApprovalRequest current = ApprovalRows.request(row);
            ApprovalRequest ended = ending.apply(current);
            String detail = (ended.state() == ApprovalState.EXECUTED ? "restore done" : ended.error()) + note;
            if (current.interrupted()) {
                detail = "ended after it was taken for abandoned: " + detail;
            }
            if (catalog.endApproval(ApprovalRows.row(ended, row.messageRef(), row.version()), row.state(),
                    entry(BACKSTOP, "restore.request", ended, ApprovalRows.state(ended.state()), detail))) {
                return ended;
            }
            if (attempt == END_ATTEMPTS) {
                throw new BackstopException("restore request " + id + " kept changing while its restore ended;"
                        + " check its state in the audit log");
            }
        }
    }

    private static String reason(RuntimeException failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName()
                : message.replaceAll("\\s+", " ").trim();
    }

    private void audit(String actor, String action, ApprovalRequest request, String outcome, String detail) {
        catalog.audit(entry(actor, action, request, outcome, detail));
    }

    private AuditEntry entry(String actor, String action, ApprovalRequest request, String outcome, String detail) {
        return new AuditEntry(clock.instant(), actor, action, request.database(), request.backupId(),
                request.shownTarget(), outcome, request.id() + ": " + detail);
    }

    private static BackstopException unknown(String id) {
        return new BackstopException("no restore request " + id + "; it may have been made on another Backstop");
    }
}
