package dev.backstop.chat;

import dev.backstop.core.BackstopException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs jobs on an executor: announces each on a board, updates it with throttled progress, then the result. */
public final class JobRunner implements AutoCloseable {

    /** The shortest time between two progress updates of one message. */
    public static final Duration UPDATE_INTERVAL = Duration.ofSeconds(2);

    private static final System.Logger LOG = System.getLogger(JobRunner.class.getName());

    private final ExecutorService executor;
    private final Clock clock;

    public JobRunner(ExecutorService executor, Clock clock) {
        this.executor = executor;
        this.clock = clock;
    }

    /** Queues {@code job}; its messages go to {@code board}. Returns at once. */
    public void submit(Job job, Board board) {
        executor.execute(() -> run(job, board));
    }

    /** Runs {@code job} on the calling thread, its messages on {@code board}; returns when it ended; never throws. */
    public void runHere(Job job, Board board) {
        run(job, board);
    }

    private void run(Job job, Board board) {
        Board.Posted message = board.post(job.started());
        try {
            Reply result = job.work().run(new ThrottledProgress(job.title(), clock, UPDATE_INTERVAL, message::update));
            message.finish(result);
        } catch (RuntimeException failure) {
            if (!(failure instanceof BackstopException)) {
                LOG.log(System.Logger.Level.ERROR, job.title() + " failed unexpectedly", failure);
            }
            message.finish(Reply.publicly(":x: " + job.title() + " did not finish: " + reason(failure)));
        }
    }

    static String reason(RuntimeException failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage().replaceAll("\\s+", " ").trim();
        if (failure instanceof BackstopException && !message.isEmpty()) {
            return ChatHints.forChat(message);
        }
        return "unexpected " + failure.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message)
                + "; see the server log";
    }

    /** Waits up to {@code timeout} for queued jobs to finish, then stops the executor. */
    public void drain(Duration timeout) throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
