package dev.backstop.chat;

import dev.backstop.core.Progress;
import java.util.Optional;

/**
 * Slow work a command asked for: the message that announces it, and the work, which returns the result.
 * {@code remake}, when present, is the request that makes this same job again in any process (with what
 * was resolved when it was asked, such as the backup to restore, written into its text), so the job can
 * be queued for whichever replica is free.
 */
public record Job(String title, Reply started, Work work, Optional<Remake> remake) implements Outcome {

    /** A job only this process can run. */
    public Job(String title, Reply started, Work work) {
        this(title, started, work, Optional.empty());
    }

    /** This job, made again elsewhere by {@code request}: a {@code kind} job of {@code database}. */
    Job remadeBy(ChatRequest request, String kind, String database) {
        return new Job(title, started, work, Optional.of(new Remake(request, kind, database)));
    }

    /** The work itself; it reports progress and returns the reply that shows its result, or throws. */
    @FunctionalInterface
    public interface Work {
        Reply run(Progress progress);
    }

    /** The request that makes the job again, and what it is: {@code backup}, {@code restore} or {@code drill} of a database. */
    public record Remake(ChatRequest request, String kind, String database) {
    }
}
