package dev.backstop.chat;

/** A production restore opened for approval: the card to post where approvers see it, and a note for the requester. */
public record ApprovalAsked(ApprovalCard card, String channel, Reply note) implements Outcome {
}
