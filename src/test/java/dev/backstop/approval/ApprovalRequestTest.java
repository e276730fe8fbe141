package dev.backstop.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two-person rule, transition by transition. */
class ApprovalRequestTest {

    private static final List<String> APPROVERS = List.of("U1", "U2", "U3");
    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    private static final Clock NOW = Clock.fixed(START, ZoneOffset.UTC);
    private static final Clock LATER = Clock.fixed(START.plus(Duration.ofMinutes(31)), ZoneOffset.UTC);

    private static ApprovalRequest request(String requester) {
        return ApprovalRequest.open("R1", "app", "20261123T020000000Z-abcd", "5dd0", "postgresql://db/app", requester,
                NOW, Duration.ofMinutes(30));
    }

    @Test
    void two_different_approvers_approve_it() {
        ApprovalRequest.Transition first = request("U9").approve("U1", APPROVERS, NOW);
        assertEquals(VoteOutcome.COUNTED, first.outcome());
        assertEquals(ApprovalState.REQUESTED, first.request().state());
        ApprovalRequest.Transition second = first.request().approve("U2", APPROVERS, NOW);
        assertEquals(VoteOutcome.APPROVED, second.outcome());
        assertEquals(ApprovalState.APPROVED, second.request().state());
        assertEquals(List.of("U1", "U2"), second.request().approvedBy());
    }

    @Test
    void the_requester_never_counts_even_as_an_approver() {
        ApprovalRequest.Transition self = request("U1").approve("U1", APPROVERS, NOW);
        assertEquals(VoteOutcome.SELF_APPROVAL, self.outcome());
        assertEquals(List.of(), self.request().approvedBy());
        assertEquals(VoteOutcome.SELF_APPROVAL, request("U1").deny("U1", APPROVERS, NOW).outcome());
    }

    @Test
    void a_person_counts_once() {
        ApprovalRequest once = request("U9").approve("U1", APPROVERS, NOW).request();
        ApprovalRequest.Transition twice = once.approve("U1", APPROVERS, NOW);
        assertEquals(VoteOutcome.DUPLICATE, twice.outcome());
        assertSame(once, twice.request());
        assertEquals(VoteOutcome.DUPLICATE, once.deny("U1", APPROVERS, NOW).outcome());
    }

    @Test
    void a_non_approver_changes_nothing() {
        ApprovalRequest.Transition stranger = request("U9").approve("U7", APPROVERS, NOW);
        assertEquals(VoteOutcome.NOT_AN_APPROVER, stranger.outcome());
        assertEquals(VoteOutcome.NOT_AN_APPROVER, request("U9").deny("U7", APPROVERS, NOW).outcome());
    }

    @Test
    void one_deny_ends_it() {
        ApprovalRequest approvedOnce = request("U9").approve("U1", APPROVERS, NOW).request();
        ApprovalRequest.Transition denied = approvedOnce.deny("U2", APPROVERS, NOW);
        assertEquals(VoteOutcome.DENIED, denied.outcome());
        assertEquals(ApprovalState.DENIED, denied.request().state());
        assertEquals(VoteOutcome.CLOSED, denied.request().approve("U3", APPROVERS, NOW).outcome());
    }

    @Test
    void votes_after_expiry_are_ignored() {
        ApprovalRequest approvedOnce = request("U9").approve("U1", APPROVERS, NOW).request();
        ApprovalRequest.Transition late = approvedOnce.approve("U2", APPROVERS, LATER);
        assertEquals(VoteOutcome.EXPIRED, late.outcome());
        assertEquals(ApprovalState.EXPIRED, late.request().state());
        assertEquals(List.of("U1"), late.request().approvedBy());
        assertEquals(ApprovalState.REQUESTED, approvedOnce.expireIfDue(NOW).state());
        assertEquals(ApprovalState.EXPIRED, approvedOnce.expireIfDue(LATER).state());
    }

    @Test
    void only_an_approved_request_can_be_executed_and_only_once() {
        ApprovalRequest approved = request("U9").approve("U1", APPROVERS, NOW).request().approve("U3", APPROVERS, NOW).request();
        ApprovalRequest executed = approved.executed(LATER);
        assertEquals(ApprovalState.EXECUTED, executed.state());
        assertEquals(LATER.instant(), executed.executedAt());
        assertThrows(IllegalStateException.class, () -> executed.executed(NOW));
        assertThrows(IllegalStateException.class, () -> request("U9").executed(NOW));
        assertEquals(VoteOutcome.CLOSED, executed.approve("U2", APPROVERS, NOW).outcome());
    }

    @Test
    void approvals_after_approval_are_closed_not_counted() {
        ApprovalRequest approved = request("U9").approve("U1", APPROVERS, NOW).request().approve("U2", APPROVERS, NOW).request();
        assertEquals(VoteOutcome.CLOSED, approved.approve("U3", APPROVERS, NOW).outcome());
        assertEquals(VoteOutcome.CLOSED, approved.deny("U3", APPROVERS, NOW).outcome());
    }

    @Test
    void a_request_to_a_time_keeps_its_bookmark_through_every_transition_and_names_no_backup() {
        Instant at = START.minus(Duration.ofHours(2));
        ApprovalRequest asked = ApprovalRequest.openAt("R1", "shop", at, "00000007-0badf00d", "U9", NOW,
                Duration.ofMinutes(30));

        ApprovalRequest once = asked.approve("U1", APPROVERS, NOW).request();
        ApprovalRequest approved = once.approve("U2", APPROVERS, NOW).request();
        ApprovalRequest executed = approved.executed(NOW);

        for (ApprovalRequest request : List.of(asked, once, approved, executed)) {
            assertEquals(List.of(at, "00000007-0badf00d", "", ""), List.of(request.restoreAt(), request.bookmark(),
                    request.backupId(), request.sha256()));
        }
        assertEquals(ApprovalState.APPROVED, approved.state());
        assertEquals(true, asked.pointInTime());
        assertEquals(false, request("U9").pointInTime());
        assertThrows(IllegalArgumentException.class, () -> new ApprovalRequest("R2", "shop", "", "", "", "U9", START,
                START, ApprovalState.REQUESTED, START, List.of(), List.of(), null, null, "", at, null));
        assertThrows(IllegalArgumentException.class, () -> new ApprovalRequest("R3", "shop", "B1", "5dd0", "", "U9",
                START, START, ApprovalState.REQUESTED, START, List.of(), List.of(), null, null, "", at, "b"));
    }
}
