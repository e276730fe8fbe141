package dev.backstop.catalog;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.config.CatalogLocation;
import dev.backstop.engine.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A PostgreSQL catalog whose server goes away while the bot runs: the health check says so in seconds. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CatalogOutageTest {

    @TempDir
    Path dir;

    @Test
    void a_ping_fails_within_seconds_once_postgresql_is_gone_even_while_another_catalog_call_waits()
            throws Exception {
        PostgresServer server = PostgresServer.shared();
        server.sql("postgres", "CREATE DATABASE outage");
        TcpForwarder forwarder = new TcpForwarder(server.port());
        CatalogLocation location = CatalogLocation.postgresql("postgresql://" + PostgresServer.USER + "@127.0.0.1:"
                + forwarder.port() + "/outage", PostgresServer.PASSWORD, dir.resolve("work"));
        try (Catalog catalog = Catalog.open(location)) {
            catalog.ping();
            forwarder.close();
            Thread waiting = new Thread(() -> {
                try {
                    catalog.list("app", 5);
                } catch (RuntimeException expected) {
                    // The catalog is gone; this call only keeps the catalog busy.
                }
            });
            waiting.start();
            Thread.sleep(300);
            long started = System.nanoTime();
            assertThrows(RuntimeException.class, catalog::ping);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "the ping took " + took.toMillis() + " ms");
            waiting.join();
        }
    }
}
