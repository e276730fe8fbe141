package dev.backstop.chat;

/**
 * A job that waits until its requester confirms it: the question to show, the confirm button's label, the job,
 * and {@code replay}: the command that, answered again, asks for exactly this job (the backup it resolved
 * named by id), so that any replica that gets the Confirm click can rebuild the job from the shared catalog.
 */
public record Confirmation(Reply question, String label, String requester, Job job, ChatRequest replay)
        implements Outcome {
}
