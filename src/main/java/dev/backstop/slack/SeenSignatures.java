package dev.backstop.slack;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The signatures of the requests accepted while their timestamps are still inside the
 * {@link RequestSignatures#WINDOW}, so that a request sent again (a replay) can be refused. A
 * signature is forgotten once its timestamp is outside the window, when the timestamp check refuses
 * it anyway; so memory holds at most the requests of the last ten minutes, and never more than
 * {@link #LIMIT}.
 */
final class SeenSignatures {

    /** The most signatures held; beyond it new requests are refused until old ones expire. */
    static final int LIMIT = 100_000;

    /** A signature, and the last instant at which the timestamp check accepts its request. */
    private record Seen(Instant forgetAfter, String signature) {
    }

    private final Clock clock;
    private final Set<String> signatures = new HashSet<>();
    private final PriorityQueue<Seen> byExpiry = new PriorityQueue<>(
            (left, right) -> left.forgetAfter().compareTo(right.forgetAfter()));

    SeenSignatures(Clock clock) {
        this.clock = clock;
    }

    /** Remembers {@code signature} of a request stamped {@code timestamp}; false when seen before or memory is full. */
    synchronized boolean firstTime(String signature, Instant timestamp) {
        forgetExpired();
        if (signatures.contains(signature) || signatures.size() >= LIMIT) {
            return false;
        }
        signatures.add(signature);
        byExpiry.add(new Seen(timestamp.plus(RequestSignatures.WINDOW), signature));
        return true;
    }

    /** How many signatures are held now. */
    synchronized int size() {
        forgetExpired();
        return signatures.size();
    }

    private void forgetExpired() {
        Instant now = clock.instant();
        while (!byExpiry.isEmpty() && now.isAfter(byExpiry.peek().forgetAfter())) {
            signatures.remove(byExpiry.poll().signature());
        }
    }
}
