package dev.backstop.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backstop.TestWorld;
import dev.backstop.catalog.ApprovalRow;
import dev.backstop.schedule.MutableClock;
import dev.backstop.services.Services;
import dev.backstop.wiring.Wiring;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep shows each request it ends on the request's card; a card it cannot update never stops it. */
class SweptCardTest {

    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    private static final String STOPPED = "interrupted: no heartbeat since 2026-11-23T10:00:00Z; the bot stopped"
            + " while the restore ran";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(START);
    private final List<String> posted = new ArrayList<>();
    /** What each card showed: request id, state, reason and where. */
    private final List<String> shown = new ArrayList<>();
    /** Every attempt to update a card, by request id, failed or not. */
    private final List<String> attempts = new ArrayList<>();
    private Set<String> refusing = Set.of();
    private Services services;
    private ApprovalSweep sweep;

    @BeforeEach
    void open() throws Exception {
        services = Wiring.services(new TestWorld(dir, true).config, clock);
        sweep = new ApprovalSweep(services.approvals(), services.catalog(), (channel, text) -> posted.add(text), "#ops",
                (request, messageRef) -> {
                    attempts.add(request.id());
                    if (refusing.contains(request.id())) {
                        throw new IOException("Slack refused chat.update of the card in COPS: message_not_found");
                    }
                    shown.add(String.join(" ", request.id(), request.state().name(), request.error(), messageRef));
                }, clock);
    }

    @AfterEach
    void close() {
        services.close();
    }

    /** A request as a stopped bot leaves it: approved with its last heartbeat at the start, or waiting. */
    private void save(String id, String state, Duration ttl) {
        services.catalog().saveApproval(new ApprovalRow(id, "app", "B-" + id, "5dd0", "", "U9", START, START.plus(ttl),
                state, START, List.of("U1", "U2"), List.of(), null, "COPS/1700000000.00000" + id.substring(1),
                state.equals("approved") ? START : null, ""));
    }

    @Test
    void a_cut_off_restore_and_an_expired_request_show_their_ending_on_their_cards_once() {
        save("R1", "approved", Duration.ofMinutes(30));
        save("R2", "requested", Duration.ofMinutes(30));
        save("R3", "requested", Duration.ofHours(2));
        clock.advance(Duration.ofMinutes(31));

        sweep.run();

        assertEquals(List.of("R1 FAILED " + STOPPED + " COPS/1700000000.000001", "R2 EXPIRED  COPS/1700000000.000002"),
                shown);
        assertEquals(1, posted.size());
        sweep.run();
        assertEquals(2, shown.size(), "each card is updated once");
    }

    @Test
    void a_card_that_cannot_be_updated_does_not_stop_the_sweep_and_is_tried_again_at_the_next_one() {
        save("R1", "approved", Duration.ofMinutes(30));
        save("R2", "requested", Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(31));
        refusing = Set.of("R1");

        assertEquals(1, sweep.run().size(), "the line in the channel still goes out");

        assertEquals(List.of("R1", "R2"), attempts);
        assertEquals(List.of("R2 EXPIRED  COPS/1700000000.000002"), shown);
        assertEquals(ApprovalState.FAILED, services.approvals().find("R1").orElseThrow().state());
        refusing = Set.of();
        sweep.run();
        assertEquals(List.of("R2 EXPIRED  COPS/1700000000.000002", "R1 FAILED " + STOPPED + " COPS/1700000000.000001"),
                shown);
        sweep.run();
        assertEquals(List.of("R1", "R2", "R1"), attempts, "once shown, a card is left alone");
    }

    @Test
    void a_card_that_keeps_failing_is_given_up_after_a_few_sweeps() {
        save("R1", "approved", Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(31));
        refusing = Set.of("R1");

        for (int pass = 0; pass < EndedCards.ATTEMPTS + 3; pass++) {
            sweep.run();
        }

        assertEquals(EndedCards.ATTEMPTS, attempts.size());
        assertEquals(List.of(), shown);
        assertEquals(1, posted.size());
    }
}
