package dev.backstop.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.config.CatalogLocation;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A SQLite catalog keeps the caller's clock; a PostgreSQL catalog's clock follows the server's, measured again by a thread of its own, never per read. */
class CatalogClockTest {

    /** A local clock three hours behind, as on a replica whose time is wrong. */
    private static final Clock WRONG = Clock.offset(Clock.systemUTC(), Duration.ofHours(-3));

    @TempDir
    Path dir;

    @Test
    void a_sqlite_catalog_reads_the_clock_it_was_given() {
        Clock fixed = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"), fixed)) {
            assertSame(fixed, catalog.clock());
            assertEquals(CatalogDialect.SQLITE, catalog.dialect());
        }
    }

    @Test
    void a_postgresql_catalog_reads_the_servers_time_whatever_the_local_clock_says() throws Exception {
        CatalogLocation location = TestCatalogs.fresh(CatalogDialect.POSTGRESQL, dir);
        try (Catalog catalog = Catalog.open(location, WRONG)) {
            Instant ours = catalog.clock().instant();
            Instant server;
            try (Connection connection = TestCatalogs.jdbc(location); Statement statement = connection.createStatement();
                 ResultSet now = statement.executeQuery("SELECT now()")) {
                now.next();
                server = now.getTimestamp(1).toInstant();
            }
            Duration apart = Duration.between(ours, server).abs();
            assertTrue(apart.compareTo(Duration.ofSeconds(2)) < 0, "catalog clock " + ours + ", server " + server);
            assertEquals(CatalogDialect.POSTGRESQL, catalog.dialect());
            try (Connection connection = catalog.dataSource().getConnection()) {
                assertTrue(connection.isValid(1), "the pool serves other components too");
            }
        }
    }

    @Test
    void the_server_clock_asks_the_server_once_at_open_and_not_for_each_instant() throws Exception {
        CatalogLocation location = TestCatalogs.fresh(CatalogDialect.POSTGRESQL, dir);
        try (Catalog catalog = Catalog.open(location)) {
            AtomicInteger connections = new AtomicInteger();
            DataSource counting = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                    new Class<?>[] {DataSource.class}, (proxy, method, arguments) -> {
                        if (method.getName().equals("getConnection")) {
                            connections.incrementAndGet();
                        }
                        return method.invoke(catalog.dataSource(), arguments);
                    });
            try (ServerClock clock = ServerClock.of(counting, WRONG)) {
                Instant first = clock.instant();
                for (int read = 0; read < 10_000; read++) {
                    clock.instant();
                }
                assertEquals(1, connections.get());
                assertTrue(clock.offset().compareTo(Duration.ofHours(3).minusSeconds(2)) > 0, clock.offset().toString());
                assertTrue(Duration.between(first, Instant.now()).abs().compareTo(Duration.ofSeconds(2)) < 0);
            }
            try (ServerClock refreshing = ServerClock.of(counting, WRONG, Duration.ofMillis(20))) {
                int before = connections.get();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (connections.get() < before + 3 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertTrue(connections.get() >= before + 3, "it measures again on its own: " + connections.get());
                assertEquals(ZoneOffset.UTC, refreshing.getZone());
                assertEquals(java.time.ZoneId.of("Europe/Berlin"), refreshing.withZone(java.time.ZoneId.of("Europe/Berlin")).getZone());
                assertTrue(Duration.between(refreshing.withZone(java.time.ZoneId.of("Europe/Berlin")).instant(),
                        Instant.now()).abs().compareTo(Duration.ofSeconds(2)) < 0, "in any zone it reads the server's time");
            }
        }
    }
}
