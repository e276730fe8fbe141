package dev.backstop.chat;

import dev.backstop.approval.ApprovalRequest;
import dev.backstop.approval.ApprovalState;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.config.Durations;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.pipeline.ProductionTargets;
import dev.backstop.services.Services;
import dev.backstop.text.Sizes;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Renders a restore request as the card approvers see: what would be restored where, the votes, and the state. */
final class ApprovalCards {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Services services;

    ApprovalCards(Services services) {
        this.services = services;
    }

    /** The card for {@code request} as it stands; a failed one says why. */
    ApprovalCard card(ApprovalRequest request) {
        return card(request, state(request.state()),
                request.state() == ApprovalState.FAILED ? ":x: " + request.error() : "");
    }

    /** The card for {@code request} with the state in words, then {@code outcome} (such as the restore's result) if any. */
    ApprovalCard card(ApprovalRequest request, String stateWords, String outcome) {
        StringBuilder text = new StringBuilder(":lock: *Production restore* requested by <@" + request.requester()
                + ">: request `" + request.id() + "`");
        if (request.pointInTime()) {
            text.append("\n*Database:* ").append(request.database()).append(" → *target:* its live database, in place")
                    .append("\n*Restore:* to how it was at ").append(request.restoreAt()).append(" (bookmark `")
                    .append(request.bookmark()).append("`) with Time Travel; no pre-restore backup is taken: the"
                            + " previous bookmark, named when it is done, undoes it");
        } else {
            backupLines(request, text);
        }
        text.append("\n*Approvals:* ").append(request.approvedBy().size()).append(" of ")
                .append(ApprovalRequest.REQUIRED_APPROVALS).append(request.approvedBy().isEmpty() ? "" : ":" + people(request.approvedBy()));
        if (!request.deniedBy().isEmpty()) {
            text.append("\n*Denied by:*").append(people(request.deniedBy()));
        }
        text.append("\n*State:* ").append(stateWords);
        if (request.state().open()) {
            text.append(" (expires ").append(TIME.format(request.expiresAt())).append(")");
        }
        if (!outcome.isEmpty()) {
            text.append("\n").append(outcome);
        }
        return new ApprovalCard(request.id(), Reply.publicly(text.toString()), request.state().open());
    }

    /** The target and backup lines of a request to restore a backup. */
    private void backupLines(ApprovalRequest request, StringBuilder text) {
        Optional<BackupRecord> backup = services.catalog().find(request.database(), request.backupId());
        boolean ahead = request.state() == ApprovalState.REQUESTED || request.state() == ApprovalState.APPROVED;
        String where = !request.target().isEmpty() ? "`" + request.shownTarget() + "`"
                : ahead ? "its live database (a safety backup is taken first)" : "its live database";
        text.append("\n*Database:* ").append(request.database()).append(" → *target:* ").append(where);
        overwritten(request).ifPresent(name -> text.append(" (overwrites production database *").append(name)
                .append("*)"));
        text.append("\n*Backup:* `").append(request.backupId()).append("`");
        backup.ifPresent(record -> text.append(", ")
                .append(Durations.format(Duration.between(record.createdAt(), services.clock().instant())))
                .append(" old, ").append(Sizes.human(record.sizeBytes())));
        text.append(", sha256 `").append(request.sha256(), 0, Math.min(12, request.sha256().length())).append("`");
    }

    /** The production database other than the request's own that its target overwrites, if any. */
    private Optional<String> overwritten(ApprovalRequest request) {
        try {
            return services.config().database(request.database()).flatMap(from -> new ProductionTargets(services.config())
                    .approvalNeeded(from, request.target().isEmpty() ? null : request.target(), services.config().file().toAbsolutePath().getParent()))
                    .map(DatabaseConfig::name).filter(name -> !name.equals(request.database()));
        } catch (BackstopException unfollowable) {
            return Optional.empty();
        }
    }

    /** The state as a word for people. */
    static String state(ApprovalState state) {
        return switch (state) {
            case REQUESTED -> "waiting";
            case APPROVED -> "approved";
            case DENIED -> "denied";
            case EXPIRED -> "expired";
            case EXECUTED -> "executed";
            case FAILED -> "failed";
        };
    }

    private static String people(List<String> users) {
        return users.isEmpty() ? "" : users.stream().map(user -> " <@" + user + ">").collect(Collectors.joining(","));
    }
}
