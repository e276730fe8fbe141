package dev.backstop.approval;

import dev.backstop.catalog.Catalog;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.Notifier;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Ends the restore requests that nobody will finish, and tells people: approved requests whose restore
 * went silent because the bot stopped are ended as failed and announced in the approvals channel
 * (until the post succeeds; a failed post is audited and tried again at the next sweep), and waiting
 * requests past their expiry are expired, so neither keeps its backup from retention. The card of each
 * request it ends is then updated to show the ending ({@link EndedCards}).
 */
public final class ApprovalSweep {

    /**
     * How long a replica's claim to announce a request keeps the others from announcing it too; a replica
     * that dies while posting lets another announce it after this.
     */
    static final java.time.Duration ANNOUNCE_CLAIM = java.time.Duration.ofMinutes(5);
    private static final String ANNOUNCING = "announcement";

    private final ApprovalService approvals;
    private final Catalog catalog;
    private final Notifier notifier;
    private final String channel;
    private final EndedCards cards;
    private final Clock clock;

    public ApprovalSweep(ApprovalService approvals, Catalog catalog, Notifier notifier, String channel,
                         RequestCards cards, Clock clock) {
        this.approvals = approvals;
        this.catalog = catalog;
        this.notifier = notifier;
        this.channel = channel;
        this.cards = new EndedCards(catalog, cards);
        this.clock = clock;
    }

    /**
     * Ends abandoned and expired requests, posts what is still unannounced, then updates the cards of the
     * requests it ended; returns the lines posted.
     */
    public synchronized List<String> run() {
        approvals.endAbandoned().forEach(cards::ended);
        approvals.expireDue().forEach(cards::ended);
        List<String> posted = announce();
        cards.showAll();
        return posted;
    }

    private List<String> announce() {
        List<String> posted = new ArrayList<>();
        for (ApprovalRequest request : approvals.unannounced()) {
            Instant now = clock.instant();
            if (!catalog.firstSeen(ANNOUNCING, request.id(), now, now.plus(ANNOUNCE_CLAIM))) {
                continue;
            }
            String line = notice(request);
            try {
                notifier.post(channel, line);
            } catch (IOException | RuntimeException failed) {
                catalog.forgetSeen(ANNOUNCING, request.id());
                catalog.audit(new AuditEntry(clock.instant(), ApprovalService.BACKSTOP, "restore.notice",
                        request.database(), request.backupId(), channel, "failed", request.id() + ": could not tell "
                        + channel + ": " + failed.getMessage()));
                continue;
            }
            approvals.announced(request.id());
            posted.add(line);
        }
        return posted;
    }

    /** The one line that tells the approvals channel a restore did not finish, naming who asked and approved. */
    static String notice(ApprovalRequest request) {
        String target = request.target().isEmpty() ? "the live *" + request.database() + "* database"
                : "`" + request.shownTarget() + "`";
        Instant lastSign = request.heartbeatAt() == null ? request.createdAt() : request.heartbeatAt();
        return ":warning: Restore of *" + request.database() + "* for request `" + request.id() + "` did not finish:"
                + " the bot stopped while it ran (no heartbeat since " + lastSign + "). Backstop will not run it"
                + " again; check what " + target + " holds now and request the restore again if it is still needed"
                + " (requested by " + mention(List.of(request.requester())) + ", approved by "
                + mention(request.approvedBy()) + ").";
    }

    private static String mention(List<String> users) {
        return users.stream().map(user -> "<@" + user + ">").collect(Collectors.joining(" and "));
    }
}
