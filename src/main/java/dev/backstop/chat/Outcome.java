package dev.backstop.chat;

/** What a chat command produces: an immediate {@link Reply}, a slow {@link Job}, or a job awaiting confirmation. */
public sealed interface Outcome permits Reply, Job, Confirmation {
}
