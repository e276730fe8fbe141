package dev.backstop.chat;

/** A job that waits until its requester confirms it: the question to show, the confirm button's label, the job. */
public record Confirmation(Reply question, String label, String requester, Job job) implements Outcome {
}
