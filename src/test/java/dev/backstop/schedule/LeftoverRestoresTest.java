package dev.backstop.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.backstop.config.DatabaseConfig;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackstopException;
import dev.backstop.core.SetAside;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pruner drops a restore database only when its restore started over 24 hours ago and no session
 * is open on it; anything that may still be loading is kept without an error. Drops are audited.
 */
class LeftoverRestoresTest extends ShopPrunerFixture {

    private static final DatabaseConfig SHOP = FakeShopServer.config(Duration.ofDays(7));

    private static SetAside leftover(String startedAt, int sessions) {
        String stamp = startedAt.replace("-", "").replace("T", "_").replace(":", "").replace("Z", "");
        return new SetAside("shop_restoring_" + stamp, "postgresql://ops@db:5432/shop_restoring_" + stamp,
                SetAside.Kind.RESTORING, Instant.parse(startedAt), sessions);
    }

    private List<String> reviewed() {
        return pruner.setAside(SHOP).stream()
                .map(verdict -> (verdict.drop() ? "drop: " : "keep: ") + verdict.why()).toList();
    }

    @Test
    void a_restore_database_younger_than_a_day_is_kept_as_possibly_loading_even_without_sessions() {
        engine.databases.add(leftover("2026-11-29T12:00:00Z", 0));
        assertEquals(List.of("keep: started 24h ago, may still be loading"), reviewed(), "exactly 24h is kept");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of("drop: leftover of a restore started 24h 1s ago, no sessions"), reviewed());
    }

    @Test
    void the_verdicts_say_why_each_database_is_dropped_or_kept() {
        engine.databases.addAll(List.of(leftover("2026-11-27T08:00:00Z", 0), leftover("2026-11-20T00:00:00Z", 1),
                leftover("2026-11-28T00:00:00Z", 3), leftover("2026-11-30T10:00:00Z", 1),
                leftover("2026-12-01T00:00:00Z", 0)));
        assertEquals(List.of(
                "drop: leftover of a restore started 3d 4h ago, no sessions",
                "keep: 1 session open, may still be loading",
                "keep: 3 sessions open, may still be loading",
                "keep: started 2h ago, may still be loading",
                "keep: started after now by this clock, may still be loading"), reviewed());
    }

    @Test
    void only_old_databases_without_sessions_are_dropped_and_each_drop_is_audited_with_the_actor()
            throws IOException {
        SetAside stopped = leftover("2026-11-01T00:00:00Z", 0);
        SetAside loading = leftover("2026-11-02T00:00:00Z", 1);
        SetAside fresh = leftover("2026-11-30T11:00:00Z", 0);
        engine.databases.addAll(List.of(stopped, loading, fresh));

        assertEquals(List.of(stopped), pruner.dropSetAside(SHOP, "cli:alice"));

        assertEquals(List.of(stopped.name()), engine.dropped);
        List<AuditEntry> audit = catalog.auditLog(10);
        assertEquals(1, audit.size());
        AuditEntry entry = audit.get(0);
        assertEquals(List.of("cli:alice", "drop leftover restore", "shop", stopped.location(), "succeeded",
                "restore started at 2026-11-01T00:00:00Z, no sessions, older than 24h"),
                List.of(entry.actor(), entry.action(), entry.database(), entry.target(), entry.outcome(),
                        entry.detail()));
    }

    @Test
    void a_database_that_gains_a_session_before_the_drop_is_skipped_quietly_and_the_sweep_goes_on() {
        SetAside busy = leftover("2026-11-01T00:00:00Z", 0);
        SetAside stopped = leftover("2026-11-02T00:00:00Z", 0);
        engine.databases.addAll(List.of(busy, stopped));
        engine.inUse.add(busy.name());

        assertEquals(List.of(stopped), pruner.dropSetAside(SHOP, "scheduler"));

        assertEquals(List.of(stopped.name()), engine.dropped);
        assertEquals(List.of(stopped.location()), catalog.auditLog(10).stream().map(AuditEntry::target).toList());
    }

    @Test
    void a_failed_drop_is_audited_and_stops_the_sweep() {
        SetAside denied = leftover("2026-11-01T00:00:00Z", 0);
        engine.databases.addAll(List.of(denied, leftover("2026-11-02T00:00:00Z", 0)));
        engine.refused = denied.name();

        BackstopException failure = assertThrows(BackstopException.class,
                () -> pruner.dropSetAside(SHOP, "scheduler"));

        assertEquals("cannot drop " + denied.name() + ": must be owner of database", failure.getMessage());
        assertEquals(List.of(), engine.dropped);
        AuditEntry entry = catalog.auditLog(10).get(0);
        assertEquals(List.of("scheduler", "failed", denied.location(), failure.getMessage()),
                List.of(entry.actor(), entry.outcome(), entry.target(), entry.detail()));
        assertEquals(1, catalog.auditLog(10).size());
    }

    @Test
    void a_server_that_cannot_be_asked_is_audited_as_a_failed_drop() {
        engine.unreachable = true;
        BackstopException failure = assertThrows(BackstopException.class,
                () -> pruner.dropSetAside(SHOP, "scheduler"));
        assertEquals("cannot list the set-aside databases of shop: server is down", failure.getMessage());
        AuditEntry entry = catalog.auditLog(10).get(0);
        assertEquals(List.of("drop set-aside", "failed", "postgresql://ops@db:5432/shop"),
                List.of(entry.action(), entry.outcome(), entry.target()));
    }

    @Test
    void sqlite_leaves_no_restore_databases_so_nothing_is_dropped_or_audited() {
        Pruner plain = sqlitePruner();
        assertEquals(List.of(), plain.setAside(SHOP));
        assertEquals(List.of(), plain.dropSetAside(SHOP, "scheduler"));
        assertEquals(List.of(), catalog.auditLog(10));
    }
}
