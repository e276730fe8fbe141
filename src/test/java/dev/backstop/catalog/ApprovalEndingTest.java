package dev.backstop.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.core.AuditEntry;
import dev.backstop.config.CatalogLocation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** Approval requests end once, whoever ends them; a live restore's heartbeat keeps it from being ended as abandoned. */
class ApprovalEndingTest {

    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    private static ApprovalRow row(String id, String state, Instant heartbeat, String error) {
        return new ApprovalRow(id, "shop", "B-" + id, "5dd0", "", "U9", START, START.plus(Duration.ofMinutes(30)),
                state, START, List.of("U1", "U2"), List.of(), null, "C1/" + id, heartbeat, error);
    }

    private static AuditEntry entry(String id, String outcome) {
        return new AuditEntry(START.plus(Duration.ofHours(1)), "backstop", "restore.request", "shop", "B-" + id, "",
                outcome, id + ": test");
    }

    @ParameterizedTest
    @EnumSource(CatalogDialect.class)
    void a_request_round_trips_with_its_heartbeat_and_error(CatalogDialect dialect) {
        try (Catalog catalog = Catalog.open(TestCatalogs.fresh(dialect, dir))) {
            ApprovalRow failed = row("R1", "failed", START.plusSeconds(60), "disk full");
            catalog.saveApproval(failed);
            assertEquals(failed, catalog.findApproval("R1").orElseThrow());
            assertEquals(failed, catalog.findApproval("C1/R1").orElseThrow());
            ApprovalRow waiting = row("R2", "requested", null, "");
            catalog.saveApproval(waiting);
            assertEquals(waiting, catalog.findApproval("R2").orElseThrow());
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogDialect.class)
    void only_an_approved_request_takes_heartbeats(CatalogDialect dialect) {
        try (Catalog catalog = Catalog.open(TestCatalogs.fresh(dialect, dir))) {
            catalog.saveApproval(row("R1", "approved", START, ""));
            catalog.saveApproval(row("R2", "executed", START, ""));
            catalog.approvalHeartbeat("R1", START.plusSeconds(60));
            catalog.approvalHeartbeat("R2", START.plusSeconds(60));
            catalog.approvalHeartbeat("R404", START.plusSeconds(60));
            assertEquals(START.plusSeconds(60), catalog.findApproval("R1").orElseThrow().heartbeatAt());
            assertEquals(START, catalog.findApproval("R2").orElseThrow().heartbeatAt());
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogDialect.class)
    void an_approved_request_is_abandoned_only_while_its_heartbeat_is_old_and_then_waits_to_be_announced(CatalogDialect dialect) {
        try (Catalog catalog = Catalog.open(TestCatalogs.fresh(dialect, dir))) {
            catalog.saveApproval(row("R1", "approved", START, ""));
            catalog.approvalHeartbeat("R1", START.plus(Duration.ofMinutes(5)));
            ApprovalRow ended = row("R1", "failed", START, "interrupted: test");

            assertFalse(catalog.abandonApproval(ended, START.plus(Duration.ofMinutes(5)), entry("R1", "failed")),
                    "a heartbeat that arrived after the request was read keeps it alive");
            assertEquals("approved", catalog.findApproval("R1").orElseThrow().state());
            assertEquals(List.of(), catalog.auditLog(10));

            assertTrue(catalog.abandonApproval(ended, START.plus(Duration.ofMinutes(6)), entry("R1", "failed")));
            assertEquals(atVersion(ended, 1), catalog.findApproval("R1").orElseThrow());
            assertEquals(List.of(entry("R1", "failed")), catalog.auditLog(10));
            assertEquals(List.of(atVersion(ended, 1)), catalog.approvalsToAnnounce());

            catalog.announced("R1");
            assertEquals(List.of(), catalog.approvalsToAnnounce());
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogDialect.class)
    void two_processes_ending_the_same_request_end_it_once(CatalogDialect dialect) {
        CatalogLocation file = TestCatalogs.fresh(dialect, dir);
        try (Catalog serve = Catalog.open(file); Catalog other = Catalog.open(file)) {
            serve.saveApproval(row("R1", "approved", START, ""));
            Instant cutoff = START.plus(Duration.ofMinutes(1));

            assertTrue(other.abandonApproval(row("R1", "failed", START, "interrupted: a"), cutoff, entry("R1", "failed")));
            assertFalse(serve.abandonApproval(row("R1", "failed", START, "interrupted: b"), cutoff, entry("R1", "failed")));
            assertFalse(serve.endApproval(row("R1", "executed", START, ""), "approved", entry("R1", "executed")));
            assertEquals("interrupted: a", serve.findApproval("R1").orElseThrow().error());
            assertEquals(1, serve.auditLog(10).size());
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogDialect.class)
    void a_late_ending_clears_the_pending_announcement(CatalogDialect dialect) {
        try (Catalog catalog = Catalog.open(TestCatalogs.fresh(dialect, dir))) {
            catalog.saveApproval(row("R1", "approved", START, ""));
            catalog.abandonApproval(row("R1", "failed", START, "interrupted: test"), START.plusSeconds(1),
                    entry("R1", "failed"));

            assertFalse(catalog.endApproval(row("R1", "executed", START, ""), "failed", entry("R1", "executed")),
                    "an ending read before the abandonment is refused");
            assertTrue(catalog.endApproval(atVersion(row("R1", "executed", START, ""), 1), "failed",
                    entry("R1", "executed")));

            assertEquals("executed", catalog.findApproval("R1").orElseThrow().state());
            assertEquals(List.of(), catalog.approvalsToAnnounce());
        }
    }

    @ParameterizedTest
    @EnumSource(CatalogDialect.class)
    void only_unexpired_waiting_and_approved_requests_keep_their_backups(CatalogDialect dialect) {
        try (Catalog catalog = Catalog.open(TestCatalogs.fresh(dialect, dir))) {
            for (String state : List.of("requested", "approved", "denied", "expired", "executed", "failed")) {
                catalog.saveApproval(row(state, state, null, ""));
            }
            assertEquals(Set.of("B-requested", "B-approved"),
                    catalog.backupsAwaitingRestore("shop", START.plus(Duration.ofMinutes(29))));
            assertEquals(Set.of("B-approved"), catalog.backupsAwaitingRestore("shop", START.plus(Duration.ofMinutes(30))),
                    "a request past its expiry keeps nothing, even before anyone expires it");
            assertEquals(Set.of(), catalog.backupsAwaitingRestore("app", START));
            assertEquals(List.of("approved", "requested"), catalog.unfinishedApprovals().stream().map(ApprovalRow::id)
                    .sorted().toList());
        }
    }

    /** {@code row} as read at {@code version}. */
    private static ApprovalRow atVersion(ApprovalRow row, long version) {
        return new ApprovalRow(row.id(), row.database(), row.backupId(), row.sha256(), row.target(), row.requester(),
                row.createdAt(), row.expiresAt(), row.state(), row.stateSince(), row.approvedBy(), row.deniedBy(),
                row.executedAt(), row.messageRef(), row.heartbeatAt(), row.error(), row.restoreAt(), row.bookmark(),
                version);
    }
}
