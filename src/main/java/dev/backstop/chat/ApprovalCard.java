package dev.backstop.chat;

/** The message approvers vote on: the request's id, what it shows, and whether it still takes votes. */
public record ApprovalCard(String requestId, Reply body, boolean open) {
}
