package dev.backstop;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition that asynchronous work makes true, instead of sleeping for a guessed time. */
public final class Eventually {

    /** Long enough for a loaded build machine, short enough to fail a hung test quickly. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 10;

    private Eventually() {
    }

    /** Returns as soon as {@code condition} holds; fails the test naming {@code what} after {@link #TIMEOUT}. */
    public static void waitUntil(String what, BooleanSupplier condition) {
        waitUntil(what, TIMEOUT, condition);
    }

    /** Returns as soon as {@code condition} holds; fails the test naming {@code what} after {@code timeout}. */
    public static void waitUntil(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("waited " + timeout.toSeconds() + " s for " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
    }
}
