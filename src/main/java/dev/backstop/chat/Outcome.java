package dev.backstop.chat;

/** What a chat command produces: an immediate {@link Reply}, or a slow {@link Job} to run on an executor. */
public sealed interface Outcome permits Reply, Job {
}
