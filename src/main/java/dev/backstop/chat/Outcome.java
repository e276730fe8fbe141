package dev.backstop.chat;

/** What a chat command produces: a {@link Reply}, a slow {@link Job}, a job awaiting confirmation, or a request for approvals. */
public sealed interface Outcome permits Reply, Job, Confirmation, ApprovalAsked {
}
