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

/** The pruner drops pre-restore copies only once they are older than keep_pre_restore, and audits each drop. */
class PreRestoreCopiesTest extends ShopPrunerFixture {

    private static DatabaseConfig shop(Duration keep) {
        return FakeShopServer.config(keep);
    }

    private static SetAside copy(String stamp, Instant replacedAt) {
        return new SetAside("shop_pre_restore_" + stamp, "postgresql://ops@db:5432/shop_pre_restore_" + stamp,
                SetAside.Kind.PRE_RESTORE, replacedAt, 0);
    }

    private boolean expired(Duration keep) {
        return pruner.setAside(shop(keep)).get(0).drop();
    }

    @Test
    void a_copy_is_expired_only_once_it_is_older_than_the_keep_window() {
        engine.databases.add(copy("20261123_120000", Instant.parse("2026-11-23T12:00:00Z")));
        assertEquals(false, expired(Duration.ofDays(7)), "exactly 7 days old is still kept");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(true, expired(Duration.ofDays(7)));
        assertEquals("older than keep_pre_restore 7d", pruner.setAside(shop(Duration.ofDays(7))).get(0).why());
        assertEquals(false, expired(Duration.ofDays(8)));
    }

    @Test
    void expired_copies_are_dropped_and_audited_with_the_actor_and_young_ones_kept() throws IOException {
        SetAside old = copy("20261101_000000", Instant.parse("2026-11-01T00:00:00Z"));
        SetAside older = copy("20261001_000000", Instant.parse("2026-10-01T00:00:00Z"));
        SetAside young = copy("20261129_000000", Instant.parse("2026-11-29T00:00:00Z"));
        engine.databases.addAll(List.of(older, old, young));

        assertEquals(List.of(older, old), pruner.dropSetAside(shop(Duration.ofDays(7)), "cli:alice"));

        assertEquals(List.of(older.name(), old.name()), engine.dropped);
        List<AuditEntry> audit = catalog.auditLog(10);
        assertEquals(2, audit.size());
        AuditEntry first = audit.get(0);
        assertEquals("cli:alice", first.actor());
        assertEquals("drop pre-restore", first.action());
        assertEquals("shop", first.database());
        assertEquals(older.location(), first.target());
        assertEquals("succeeded", first.outcome());
        assertEquals("set aside at 2026-10-01T00:00:00Z, older than keep_pre_restore 7d", first.detail());
    }

    @Test
    void a_failed_drop_is_audited_and_stops_the_run() {
        SetAside inUse = copy("20261001_000000", Instant.parse("2026-10-01T00:00:00Z"));
        SetAside next = copy("20261101_000000", Instant.parse("2026-11-01T00:00:00Z"));
        engine.databases.addAll(List.of(inUse, next));
        engine.inUse.add(inUse.name());

        BackstopException failure = assertThrows(BackstopException.class,
                () -> pruner.dropSetAside(shop(Duration.ofDays(7)), "scheduler"));

        assertEquals("cannot drop " + inUse.location() + ": it is still in use; close the sessions on it and prune again",
                failure.getMessage());
        assertEquals(List.of(), engine.dropped);
        AuditEntry entry = catalog.auditLog(10).get(0);
        assertEquals(List.of("scheduler", "failed", inUse.location(), failure.getMessage()),
                List.of(entry.actor(), entry.outcome(), entry.target(), entry.detail()));
        assertEquals(1, catalog.auditLog(10).size());
    }

    @Test
    void a_server_that_cannot_be_asked_is_audited_as_a_failed_drop() {
        engine.unreachable = true;
        BackstopException failure = assertThrows(BackstopException.class,
                () -> pruner.dropSetAside(shop(Duration.ofDays(7)), "scheduler"));
        assertEquals("cannot list the set-aside databases of shop: server is down", failure.getMessage());
        AuditEntry entry = catalog.auditLog(10).get(0);
        assertEquals(List.of("drop set-aside", "failed", failure.getMessage(), "postgresql://ops@db:5432/shop"),
                List.of(entry.action(), entry.outcome(), entry.detail(), entry.target()));
    }

    @Test
    void sqlite_keeps_no_copies_so_nothing_is_dropped_or_audited() throws IOException {
        Pruner plain = sqlitePruner();
        assertEquals(List.of(), plain.dropSetAside(shop(Duration.ofDays(7)), "scheduler"));
        assertEquals(List.of(), catalog.auditLog(10));
    }
}
