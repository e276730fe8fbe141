package dev.backstop.slack;

import dev.backstop.chat.Confirmation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Jobs waiting for their requester to press Confirm, by an unguessable id carried in the button's value. */
final class Confirmations {

    /** How long a confirm button stays usable. */
    static final Duration TTL = Duration.ofMinutes(10);

    /** A held confirmation, and the channel its job's messages go to. */
    record Pending(Confirmation confirmation, String channel, Instant expires) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Clock clock;

    Confirmations(Clock clock) {
        this.clock = clock;
    }

    String hold(Confirmation confirmation, String channel) {
        Instant now = clock.instant();
        pending.values().removeIf(held -> held.expires().isBefore(now));
        String id = UUID.randomUUID().toString();
        pending.put(id, new Pending(confirmation, channel, now.plus(TTL)));
        return id;
    }

    /** The confirmation under {@code id} if it has not expired, left in place. */
    Optional<Pending> peek(String id) {
        Pending held = id == null ? null : pending.get(id);
        return held == null || held.expires().isBefore(clock.instant()) ? Optional.empty() : Optional.of(held);
    }

    /** Removes the confirmation under {@code id}; true for the one caller that removed it. */
    boolean take(String id) {
        return pending.remove(id) != null;
    }
}
