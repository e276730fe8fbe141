package dev.backstop.core;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * The capability of engines whose database can be put back to how it was at a past moment, in place
 * (Cloudflare D1's Time Travel). A restore to a time asks for it before it does anything.
 */
public interface PointInTime {

    /** How far back a database can be put: times older than this before now are refused. */
    Duration reach();

    /**
     * Puts the source database back to its state at {@code at}, which the caller checked is in the past
     * and within {@link #reach}. Throws when the service refuses; the database is then as it was.
     */
    default Rewound rewind(Instant at) throws IOException {
        return rewindTo(bookmarkAt(at));
    }

    /**
     * The bookmark that stands for the database's state at {@code at}, without changing anything: a restore
     * approved later goes to exactly this state. Throws when the service has none for that time.
     */
    String bookmarkAt(Instant at) throws IOException;

    /** Puts the source database back to {@code bookmark} (from {@link #bookmarkAt}); as {@link #rewind} otherwise. */
    Rewound rewindTo(String bookmark) throws IOException;

    /** What a rewind did: the {@code bookmark} it went to, and the {@code previous} one that undoes it. */
    record Rewound(String bookmark, String previous) {
    }
}
