package dev.backstop.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.catalog.Catalog;
import dev.backstop.chat.ChatRequest;
import dev.backstop.chat.Confirmation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Jobs waiting for their requester to press Confirm, by an unguessable id carried in the button's value.
 * They are kept in the catalog as the command that asks for them again ({@link Confirmation#replay}), so
 * whichever replica gets the click can rebuild the job, and taking one deletes it: it runs once.
 */
final class Confirmations {

    /** How long a confirm button stays usable. */
    static final Duration TTL = Duration.ofMinutes(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A held confirmation: the command that asks for its job again, who may confirm it, and where its job posts. */
    record Pending(ChatRequest replay, String requester, String channel) {
    }

    private final Catalog catalog;
    private final Clock clock;

    Confirmations(Catalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    String hold(Confirmation confirmation, String channel) {
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        ChatRequest replay = confirmation.replay();
        try {
            catalog.saveConfirmation(id, JSON.writeValueAsString(Map.of("command", replay.command(),
                    "text", replay.text(), "user", replay.user(), "channel", replay.channel(),
                    "requester", confirmation.requester(), "post_to", channel)), now, now.plus(TTL));
        } catch (IOException unwritable) {
            throw new UncheckedIOException("cannot write a confirmation", unwritable);
        }
        return id;
    }

    /** The confirmation under {@code id} if it has not expired, left in place. */
    Optional<Pending> peek(String id) {
        return id == null ? Optional.empty() : catalog.confirmation(id, clock.instant()).map(Confirmations::read);
    }

    /** Removes the confirmation under {@code id}; true for the one caller, in any replica, that removed it. */
    boolean take(String id) {
        return id != null && catalog.takeConfirmation(id, clock.instant()).isPresent();
    }

    private static Pending read(String payload) {
        try {
            JsonNode tree = JSON.readTree(payload);
            return new Pending(new ChatRequest(tree.path("command").asText(), tree.path("text").asText(),
                    tree.path("user").asText(), tree.path("channel").asText()), tree.path("requester").asText(),
                    tree.path("post_to").asText());
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read a confirmation", unreadable);
        }
    }
}
