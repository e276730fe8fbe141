package dev.backstop.engine;

import java.io.IOException;
import java.time.Duration;

/**
 * How long to wait between polls of a D1 export or import: {@code first}, doubled each time up to
 * {@code longest}, and at most {@code limit} polls before giving up.
 */
record D1Polls(Duration first, Duration longest, int limit) {

    /** Polls of a real account: from 100 ms up to 5 s each, for about two hours. */
    static final D1Polls STANDARD = new D1Polls(Duration.ofMillis(100), Duration.ofSeconds(5), 1500);

    void waitBefore(int poll, String what) throws IOException {
        if (poll >= limit) {
            throw new IOException("D1 " + what + " was still running after " + limit + " polls; look at it in the"
                    + " Cloudflare dashboard and try again later");
        }
        long millis = first.toMillis() << Math.min(poll, 20);
        D1Api.pause(Duration.ofMillis(Math.min(millis, longest.toMillis())));
    }
}
