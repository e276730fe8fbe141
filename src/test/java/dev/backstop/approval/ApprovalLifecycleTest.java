package dev.backstop.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.schedule.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** After the second approval: the restore's heartbeat, its end as executed or failed, and a silent restore ended. */
class ApprovalLifecycleTest {

    private static final List<String> APPROVERS = List.of("U1", "U2", "U3");
    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration LIMIT = Duration.ofMinutes(10);
    private static final Duration TTL = Duration.ofMinutes(30);

    private final MutableClock clock = new MutableClock(START);

    private ApprovalRequest requested() {
        return ApprovalRequest.open("R1", "shop", "20261123T020000000Z-abcd", "5dd0", "", "U9", clock, TTL);
    }

    private ApprovalRequest approved() {
        return requested().approve("U1", APPROVERS, clock).request().approve("U2", APPROVERS, clock).request();
    }

    /** A request brought into {@code state} the way the service brings it there. */
    private ApprovalRequest in(ApprovalState state) {
        return switch (state) {
            case REQUESTED -> requested();
            case APPROVED -> approved();
            case DENIED -> requested().deny("U1", APPROVERS, clock).request();
            case EXPIRED -> requested().expireIfDue(new MutableClock(START.plus(TTL)));
            case EXECUTED -> approved().executed(clock);
            case FAILED -> approved().failed("disk full", clock);
        };
    }

    private ApprovalRequest interrupted() {
        return approved().abandonIfSilent(LIMIT, new MutableClock(START.plus(LIMIT).plusMillis(1)));
    }

    @Test
    void every_state_is_reached_by_its_transitions() {
        for (ApprovalState state : ApprovalState.values()) {
            assertEquals(state, in(state).state());
        }
    }

    @Test
    void each_state_remembers_when_it_was_entered() {
        ApprovalRequest requested = requested();
        assertEquals(START, requested.stateSince());
        clock.advance(Duration.ofMinutes(1));
        ApprovalRequest counted = requested.approve("U1", APPROVERS, clock).request();
        assertEquals(START, counted.stateSince(), "a first approval leaves it waiting since its creation");
        clock.advance(Duration.ofMinutes(1));
        ApprovalRequest approved = counted.approve("U2", APPROVERS, clock).request();
        assertEquals(START.plus(Duration.ofMinutes(2)), approved.stateSince());

        clock.advance(Duration.ofMinutes(5));
        Instant now = START.plus(Duration.ofMinutes(7));
        assertEquals(now, approved.executed(clock).stateSince());
        assertEquals(now, approved.failed("disk full", clock).stateSince());
        assertEquals(now, requested.deny("U1", APPROVERS, clock).request().stateSince());
        Instant muchLater = START.plus(Duration.ofHours(3));
        assertEquals(muchLater, approved.abandonIfSilent(LIMIT, new MutableClock(muchLater)).stateSince());
        assertEquals(START.plus(TTL), requested.expireIfDue(new MutableClock(muchLater)).stateSince(),
                "a request expires at its expiry, whenever that is noticed");
    }

    @Test
    void the_completing_approval_gives_the_request_its_first_heartbeat() {
        ApprovalRequest counted = requested().approve("U1", APPROVERS, clock).request();
        assertNull(counted.heartbeatAt());
        clock.advance(Duration.ofMinutes(3));
        ApprovalRequest approved = counted.approve("U2", APPROVERS, clock).request();
        assertEquals(ApprovalState.APPROVED, approved.state());
        assertEquals(START.plus(Duration.ofMinutes(3)), approved.heartbeatAt());
        assertEquals("", approved.error());
    }

    @Test
    void only_a_restoring_request_can_end_as_executed_or_failed() {
        for (ApprovalState state : ApprovalState.values()) {
            ApprovalRequest request = in(state);
            if (state == ApprovalState.APPROVED) {
                assertEquals(ApprovalState.EXECUTED, request.executed(clock).state());
                assertEquals(ApprovalState.FAILED, request.failed("pg_restore exited with 1", clock).state());
            } else {
                assertThrows(IllegalStateException.class, () -> request.executed(clock), state.name());
                assertThrows(IllegalStateException.class, () -> request.failed("late", clock), state.name());
            }
        }
    }

    @Test
    void a_failed_restore_keeps_its_reason_and_no_execution_time() {
        ApprovalRequest failed = approved().failed("backup 1 is damaged", clock);
        assertEquals("backup 1 is damaged", failed.error());
        assertNull(failed.executedAt());
        assertEquals(START, failed.heartbeatAt());
        assertFalse(failed.interrupted());
    }

    @Test
    void a_restore_silent_for_longer_than_the_limit_is_ended_as_interrupted() {
        ApprovalRequest approved = approved();
        assertSame(approved, approved.abandonIfSilent(LIMIT, new MutableClock(START.plus(LIMIT))),
                "exactly at the limit it may still be alive");

        ApprovalRequest ended = approved.abandonIfSilent(LIMIT, new MutableClock(START.plus(LIMIT).plusMillis(1)));

        assertEquals(ApprovalState.FAILED, ended.state());
        assertTrue(ended.interrupted());
        assertEquals("interrupted: no heartbeat since 2026-11-23T10:00:00Z; the bot stopped while the restore ran",
                ended.error());
        assertNull(ended.executedAt());
        assertEquals(List.of("U1", "U2"), ended.approvedBy());
    }

    @Test
    void a_fresh_heartbeat_keeps_a_long_restore_alive() {
        ApprovalRequest approved = approved();
        Instant later = START.plus(Duration.ofHours(2));
        ApprovalRequest beating = new ApprovalRequest(approved.id(), approved.database(), approved.backupId(),
                approved.sha256(), approved.target(), approved.requester(), approved.createdAt(), approved.expiresAt(),
                approved.state(), approved.stateSince(), approved.approvedBy(), approved.deniedBy(), null, later,
                "");
        assertSame(beating, beating.abandonIfSilent(LIMIT, new MutableClock(later.plus(Duration.ofMinutes(9)))));
    }

    @Test
    void only_an_approved_request_can_be_abandoned() {
        MutableClock muchLater = new MutableClock(START.plus(Duration.ofDays(30)));
        for (ApprovalState state : EnumSet.complementOf(EnumSet.of(ApprovalState.APPROVED))) {
            ApprovalRequest request = in(state);
            assertSame(request, request.abandonIfSilent(LIMIT, muchLater), state.name());
        }
        ApprovalRequest interrupted = interrupted();
        assertSame(interrupted, interrupted.abandonIfSilent(LIMIT, muchLater), "it is ended once");
    }

    @Test
    void the_real_ending_of_a_restore_taken_for_abandoned_still_lands() {
        clock.advance(Duration.ofMinutes(15));
        ApprovalRequest executed = interrupted().executed(clock);
        assertEquals(ApprovalState.EXECUTED, executed.state());
        assertEquals("", executed.error());
        assertEquals(START.plus(Duration.ofMinutes(15)), executed.executedAt());

        ApprovalRequest failed = interrupted().failed("pg_restore exited with 1", clock);
        assertEquals("pg_restore exited with 1", failed.error());
        assertFalse(failed.interrupted());
        assertThrows(IllegalStateException.class, () -> failed.executed(clock), "a restore ends once");
    }

    @Test
    void only_a_waiting_request_expires() {
        MutableClock afterExpiry = new MutableClock(START.plus(TTL));
        for (ApprovalState state : ApprovalState.values()) {
            ApprovalRequest request = in(state);
            ApprovalState expected = state == ApprovalState.REQUESTED ? ApprovalState.EXPIRED : state;
            assertEquals(expected, request.expireIfDue(afterExpiry).state(), state.name());
        }
        assertEquals(ApprovalState.REQUESTED, requested().expireIfDue(new MutableClock(START.plus(TTL).minusMillis(1)))
                .state());
    }

    @Test
    void votes_count_only_while_the_request_waits() {
        Set<ApprovalState> closed = EnumSet.of(ApprovalState.APPROVED, ApprovalState.DENIED, ApprovalState.EXECUTED,
                ApprovalState.FAILED);
        for (ApprovalState state : closed) {
            ApprovalRequest request = in(state);
            ApprovalRequest.Transition approve = request.approve("U3", APPROVERS, clock);
            ApprovalRequest.Transition deny = request.deny("U3", APPROVERS, clock);
            assertEquals(VoteOutcome.CLOSED, approve.outcome(), state.name());
            assertEquals(VoteOutcome.CLOSED, deny.outcome(), state.name());
            assertSame(request, approve.request(), state.name());
            assertSame(request, deny.request(), state.name());
        }
        assertEquals(VoteOutcome.EXPIRED, in(ApprovalState.EXPIRED).approve("U3", APPROVERS, clock).outcome());
        assertEquals(VoteOutcome.CLOSED, interrupted().approve("U3", APPROVERS, clock).outcome(),
                "an interrupted restore is never approved again");
    }
}
