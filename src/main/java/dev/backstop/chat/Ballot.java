package dev.backstop.chat;

import dev.backstop.approval.VoteOutcome;
import java.util.Optional;

/**
 * What one vote did, for the chat: the request's card when it changed (to show in place of the old
 * one), and a private note for the voter when the vote was not counted. {@code outcome} is empty when
 * there was no such request.
 */
public record Ballot(Optional<VoteOutcome> outcome, Optional<ApprovalCard> card, Optional<Reply> note) {
}
