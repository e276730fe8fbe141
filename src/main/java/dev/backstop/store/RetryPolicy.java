package dev.backstop.store;

import dev.backstop.core.ObjectNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * How often to try a store operation and how long to wait between tries: the wait starts at
 * {@code baseDelay} and doubles after each failure. Refusals and missing objects are not retried.
 */
record RetryPolicy(int attempts, Duration baseDelay, Sleeper sleeper) {

    /** Four attempts, waiting 200 ms, 400 ms and 800 ms between them. */
    static RetryPolicy standard() {
        return new RetryPolicy(4, Duration.ofMillis(200), delay -> Thread.sleep(delay.toMillis()));
    }

    RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
    }

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration delay) throws InterruptedException;
    }

    /** One try of an operation. */
    @FunctionalInterface
    interface Attempt<T> {
        T run() throws IOException;
    }

    /** Runs {@code attempt} until it succeeds or the attempts run out; then throws the last failure. */
    <T> T run(Attempt<T> attempt) throws IOException {
        Duration delay = baseDelay;
        for (int tried = 1; ; tried++) {
            try {
                return attempt.run();
            } catch (StoreRefusedException | ObjectNotFoundException | InterruptedIOException hopeless) {
                throw hopeless;
            } catch (IOException failure) {
                if (tried >= attempts) {
                    throw tried == 1 ? failure
                            : new IOException(failure.getMessage() + "; gave up after " + tried + " attempts", failure);
                }
                pause(delay);
                delay = delay.multipliedBy(2);
            }
        }
    }

    private void pause(Duration delay) throws InterruptedIOException {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry a store operation");
        }
    }
}
