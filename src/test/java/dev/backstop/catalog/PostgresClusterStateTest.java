package dev.backstop.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.core.AuditEntry;
import dev.backstop.config.CatalogLocation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL catalog on a real PostgreSQL 15, migrated by Flyway through V12, answers the cluster-state calls
 * the way the SQLite catalog does: their SQL is the same on both dialects.
 */
class PostgresClusterStateTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void the_cluster_state_script_and_its_statements_run_on_postgresql(@TempDir Path dir) throws Exception {
        CatalogLocation location = TestCatalogs.fresh(CatalogDialect.POSTGRESQL, dir);
        try (Catalog catalog = Catalog.open(location, Clock.fixed(NOW, ZoneOffset.UTC))) {
            Instant lease = NOW.plus(Duration.ofMinutes(2));
            assertTrue(catalog.tryLock("app", "backup started by alice", "h:1:a", NOW, lease));
            assertFalse(catalog.tryLock("app", "restore started by bob", "h:2:b", NOW.plusSeconds(60), lease));
            assertEquals("backup started by alice", catalog.jobLock("app", NOW).orElseThrow().job());
            assertTrue(catalog.renewLock("app", "h:1:a", lease.plusSeconds(60)));
            assertTrue(catalog.tryLock("app", "restore started by bob", "h:2:b", lease.plusSeconds(60),
                    lease.plusSeconds(180)), "taken over once the lease ran out");
            assertFalse(catalog.renewLock("app", "h:1:a", lease.plusSeconds(200)));
            catalog.unlock("app", "h:2:b");
            assertEquals(Optional.empty(), catalog.jobLock("app", NOW));

            catalog.holdBackup("app", "B1", "h:1:a:1", NOW, lease);
            catalog.holdBackup("app", "B1", "h:1:a:1", NOW, lease.plusSeconds(10));
            assertEquals(Set.of("B1"), catalog.backupsInUse("app", NOW));
            assertEquals(Set.of(), catalog.backupsInUse("app", lease.plusSeconds(10)));
            catalog.releaseBackup("app", "B1", "h:1:a:1");

            catalog.saveConfirmation("t1", "{\"command\":\"/restore\"}", NOW, NOW.plusSeconds(600));
            assertEquals(Optional.of("{\"command\":\"/restore\"}"), catalog.confirmation("t1", NOW));
            assertEquals(Optional.of("{\"command\":\"/restore\"}"), catalog.takeConfirmation("t1", NOW));
            assertEquals(Optional.empty(), catalog.takeConfirmation("t1", NOW));

            assertTrue(catalog.firstSeen("slack-event", "Ev1", NOW, NOW.plusSeconds(60)));
            assertFalse(catalog.firstSeen("slack-event", "Ev1", NOW, NOW.plusSeconds(60)));
            assertTrue(catalog.firstSeen("slack-event", "Ev1", NOW.plusSeconds(60), NOW.plusSeconds(120)),
                    "forgotten once expired");
            catalog.forgetSeen("slack-event", "Ev1");
            assertTrue(catalog.firstSeen("slack-event", "Ev1", NOW, NOW.plusSeconds(60)));

            ApprovalRow requested = new ApprovalRow("R1", "app", "B1", "5dd0", "", "U9", NOW, NOW.plusSeconds(1800),
                    "requested", NOW, List.of("U1"), List.of(), null, "", null, "");
            catalog.saveApproval(requested);
            ApprovalRow stored = catalog.findApproval("R1").orElseThrow();
            ApprovalRow approved = new ApprovalRow("R1", "app", "B1", "5dd0", "", "U9", NOW, NOW.plusSeconds(1800),
                    "approved", NOW, List.of("U1", "U2"), List.of(), null, "", NOW, "", null, null, stored.version());
            AuditEntry entry = new AuditEntry(NOW, "U2", "restore.vote", "app", "B1", "", "approved", "R1: approve");
            assertTrue(catalog.changeApproval(approved, entry));
            assertFalse(catalog.changeApproval(approved, entry), "that version is gone: the second change lost the race");
            ApprovalRow after = catalog.findApproval("R1").orElseThrow();
            assertEquals("approved", after.state());
            assertEquals(stored.version() + 1, after.version());
            assertEquals(1, catalog.auditLog(10).size());
        }
    }
}
