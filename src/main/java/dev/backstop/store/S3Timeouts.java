package dev.backstop.store;

import java.time.Duration;

/**
 * How long the S3 client waits before it gives up: to open a connection, for the next bytes of an
 * answer on an open one, and for one whole request attempt (sending a part included). With these,
 * an endpoint that accepts connections and never answers fails each attempt instead of holding it.
 */
record S3Timeouts(Duration connect, Duration read, Duration attempt) {

    /** Production values: 10 s to connect, 20 s of silence on a read, 2 min for a request attempt. */
    static final S3Timeouts STANDARD = new S3Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(20),
            Duration.ofMinutes(2));
}
