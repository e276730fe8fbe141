package dev.backstop.slack;

import dev.backstop.catalog.Catalog;
import java.time.Clock;
import java.time.Instant;

/**
 * The signatures of the requests accepted while their timestamps are still inside the
 * {@link RequestSignatures#WINDOW}, so that a request sent again (a replay), to this replica or any other
 * sharing the catalog, can be refused. They are kept in the catalog; a signature is forgotten once its
 * timestamp is outside the window, when the timestamp check refuses it anyway.
 */
final class SeenSignatures {

    static final String KIND = "slack-signature";

    private final Catalog catalog;
    private final Clock clock;

    SeenSignatures(Catalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Remembers {@code signature} of a request stamped {@code timestamp}; false when any replica saw it before. */
    boolean firstTime(String signature, Instant timestamp) {
        return catalog.firstSeen(KIND, signature, clock.instant(), timestamp.plus(RequestSignatures.WINDOW)
                .plusMillis(1));
    }
}
