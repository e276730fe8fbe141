package dev.backstop.chat;

import dev.backstop.core.Progress;

/** Slow work a command asked for: the message that announces it, and the work, which returns the result. */
public record Job(String title, Reply started, Work work) implements Outcome {

    /** The work itself; it reports progress and returns the reply that shows its result, or throws. */
    @FunctionalInterface
    public interface Work {
        Reply run(Progress progress);
    }
}
