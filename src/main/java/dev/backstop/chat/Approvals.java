package dev.backstop.chat;

import dev.backstop.approval.ApprovalRequest;
import dev.backstop.approval.ApprovalService;
import dev.backstop.approval.ApprovalState;
import dev.backstop.approval.VoteOutcome;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.core.BackstopException;
import dev.backstop.services.Services;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Production restores in chat: opens requests, renders their cards, and casts votes, running the restore on approval. */
public final class Approvals {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final Services services;
    private final ApprovalCards cards;

    public Approvals(Services services) {
        this.services = services;
        this.cards = new ApprovalCards(services);
    }

    /**
     * Opens a request to restore {@code idOrLatest} of {@code database} into {@code target} (its own
     * location when null), which overwrites the production database {@code production}.
     */
    ApprovalAsked ask(String database, String idOrLatest, String target, String requester, DatabaseConfig production) {
        String why = production.name().equals(database) ? "*" + database + "* is a production database"
                : "the target is production database *" + production.name() + "*";
        requireApprovers(why, requester);
        return posted(services.approvals().request(database, idOrLatest, target, requester), why);
    }

    /**
     * Opens a request to put production database {@code database} back in place to how it was at {@code at},
     * bound to the bookmark found for that time now.
     */
    ApprovalAsked askAt(String database, Instant at, String requester) {
        String why = "*" + database + "* is a production database";
        requireApprovers(why, requester);
        return posted(services.approvals().requestAt(database, at, requester), why);
    }

    private void requireApprovers(String why, String requester) {
        List<String> approvers = services.config().slack().approvers();
        if (approvers.stream().filter(approver -> !approver.equals(requester)).count() < ApprovalRequest.REQUIRED_APPROVALS) {
            throw new BackstopException(why.replace("*", "") + " and slack.approvers does not list two"
                    + " people besides you; add approvers to the config before restoring it");
        }
    }

    private ApprovalAsked posted(ApprovalRequest request, String why) {
        String channel = services.config().slack().approvalsChannel();
        return new ApprovalAsked(cards.card(request), channel, Reply.privately(":inbox_tray: " + why
                + ", so restoring it needs " + ApprovalRequest.REQUIRED_APPROVALS
                + " approvers: request `" + request.id() + "` is posted in " + channel + " and open until "
                + TIME.format(request.expiresAt()) + ". The restore runs when the second approval lands."));
    }

    /** Remembers where the request's card was posted, so reactions on it count as votes. */
    public void attach(String requestId, String messageRef) {
        services.approvals().attachMessage(requestId, messageRef);
    }

    /** The card of {@code request} as it stands, such as a request the sweep ended. */
    public ApprovalCard card(ApprovalRequest request) {
        return cards.card(request);
    }

    /** The card of the request with this id or message, if there is one. */
    public Optional<ApprovalCard> find(String idOrMessageRef) {
        return services.approvals().find(idOrMessageRef).map(request -> cards.card(request));
    }

    /**
     * Casts one vote. When it completes the approval the restore runs here, on the caller's thread, with
     * its progress and result (or its failure, in one line) on {@code thread}, and {@code restoring} gets
     * the card to show while it runs. Throws only when the vote itself could not be recorded.
     */
    public Ballot vote(String idOrMessageRef, String voter, boolean approve, Board thread,
                       Consumer<ApprovalCard> restoring) {
        Optional<ApprovalRequest> known = services.approvals().find(idOrMessageRef);
        if (known.isEmpty()) {
            return new Ballot(Optional.empty(), Optional.empty(), Optional.of(Reply.privately(":warning: There is no"
                    + " restore request `" + idOrMessageRef + "` here; nothing was counted.")));
        }
        RestoreThread restore = new RestoreThread(thread, "Restore of *" + known.get().database() + "* for request `"
                + known.get().id() + "`", services.clock(), () -> services.approvals().find(idOrMessageRef)
                .ifPresent(request -> restoring.accept(cards.card(request, "approved",
                        ":hourglass: restoring now; progress in the thread"))));
        ApprovalService.VoteResult result;
        try {
            result = services.approvals().vote(idOrMessageRef, voter, approve, restore);
        } catch (RuntimeException failed) {
            ApprovalRequest request = services.approvals().find(idOrMessageRef).orElseThrow(() -> failed);
            if (request.state() != ApprovalState.FAILED && request.state() != ApprovalState.APPROVED) {
                throw failed;
            }
            restore.finish(Reply.publicly(":x: " + restore.title() + " did not run: " + JobRunner.reason(failed)));
            return new Ballot(Optional.of(VoteOutcome.APPROVED), Optional.of(cards.card(request, "failed",
                    ":x: the restore did not run; see the thread")), Optional.empty());
        }
        ApprovalRequest request = result.request();
        return switch (result.outcome()) {
            case COUNTED, DENIED -> new Ballot(Optional.of(result.outcome()), Optional.of(cards.card(request)),
                    Optional.empty());
            case APPROVED -> {
                String summary = result.rewound().isPresent() ? restore.rewound(result.rewound().get())
                        : restore.succeeded(result.restored().orElseThrow(), result.safetyBackup());
                yield new Ballot(Optional.of(result.outcome()), Optional.of(cards.card(request, "executed", summary)),
                        Optional.empty());
            }
            case EXPIRED -> new Ballot(Optional.of(result.outcome()), Optional.of(cards.card(request)),
                    Optional.of(Reply.privately(":hourglass: Restore request `" + request.id() + "` expired at "
                            + TIME.format(request.expiresAt()) + "; nothing was restored. Ask again with /restore.")));
            default -> new Ballot(Optional.of(result.outcome()), Optional.empty(),
                    Optional.of(Reply.privately(refusal(result.outcome(), request))));
        };
    }

    private static String refusal(VoteOutcome outcome, ApprovalRequest request) {
        String id = "`" + request.id() + "`";
        return switch (outcome) {
            case NOT_AN_APPROVER -> ":no_entry: Only the people in slack.approvers can vote on restore request " + id
                    + "; your vote was not counted.";
            case SELF_APPROVAL -> ":no_entry: You asked for restore " + id + ", so two other approvers must approve"
                    + " it; your vote was not counted.";
            case DUPLICATE -> ":information_source: You already voted on restore request " + id
                    + "; each person counts once.";
            default -> ":information_source: Restore request " + id + " is already "
                    + ApprovalCards.state(request.state()) + "; your vote changed nothing.";
        };
    }
}
