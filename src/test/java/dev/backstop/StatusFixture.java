package dev.backstop;

import dev.backstop.config.BackstopConfig;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.OpenAlert;
import dev.backstop.core.Progress;
import dev.backstop.http.HttpServer;
import dev.backstop.schedule.AlertMonitor;
import dev.backstop.services.Services;
import dev.backstop.wiring.Serving;
import dev.backstop.wiring.Wiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * A catalog with weeks of history, made by the real services on a clock the fixture sets: daily backups
 * of {@code app} (production, growing) and of {@code ledger} (which stopped three days ago and failed once),
 * a passed drill of {@code app}, a failed drill of {@code ledger}, the alerts the real monitor opens (ledger stale, its drill failed),
 * and a restore request of {@code app} with one of its two votes. {@link #serve} starts the real HTTP server
 * as {@code serve} builds it.
 */
final class StatusFixture implements AutoCloseable {

    static final String STATUS_PASSWORD = "pw-Zq8-never-shown";
    static final String ALERT_URL_PASSWORD = "hunter2-in-an-alert";

    final TestWorld world;
    final BackstopConfig config;
    final SetClock clock = new SetClock();
    final Services services;
    private HttpServer http;

    /** The history of {@code days} days, ending now; with {@code auth} the config sets {@code http.auth}. */
    StatusFixture(Path root, int days, boolean auth) throws Exception {
        this.world = new TestWorld(root);
        world.createDatabase(50);
        Path ledger = root.resolve("ledger.db");
        try (Connection connection = TestWorld.open(ledger); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE ledger_entries (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL)");
            statement.execute("INSERT INTO ledger_entries (amount) VALUES (10), (20), (30)");
        }
        this.config = ConfigFile.write(world, """
                slack:
                  bot_token: ${SLACK_BOT_TOKEN}
                  approvers: [U1, U2, U3]
                http:
                  bind: 127.0.0.1
                %s
                databases:
                  app:
                    engine: sqlite
                    path: ./app.db
                    production: true
                    freshness: 25h
                    drill: { rto: 30m, required_tables: [orders, customers] }
                  ledger:
                    engine: sqlite
                    path: ./ledger.db
                    freshness: 25h
                    drill: { rto: 10m, required_tables: [ledger_entries, audit_trail] }
                """.formatted(auth ? "  auth:\n    user: ops\n    password: ${BACKSTOP_STATUS_PASSWORD}" : ""),
                Map.of("SLACK_BOT_TOKEN", "xoxb-token-never-shown", "BACKSTOP_STATUS_PASSWORD", STATUS_PASSWORD));
        this.services = Wiring.services(config, clock);
        Instant now = Instant.now();
        Instant start = now.minus(Duration.ofDays(days - 1)).minus(Duration.ofHours(6));
        for (int day = 0; day < days; day++) {
            clock.runFrom(start.plus(Duration.ofDays(day)));
            try (Connection connection = TestWorld.open(world.database)) {
                TestWorld.insertOrders(connection, 40 + day * 15);
            }
            services.backups().backup("app", "scheduler", Progress.NONE);
            if (day < days - 3) {
                clock.runFrom(start.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(30)));
                ledgerBackup(ledger, day == days - 6);
            }
        }
        clock.runFrom(now.minus(Duration.ofHours(20)));
        services.drills().drill("app", "latest", "scheduler", Progress.NONE);
        if (days > 3) {
            clock.runFrom(now.minus(Duration.ofDays(3)).plus(Duration.ofHours(1)));
            services.drills().drill("ledger", "latest", "U2", Progress.NONE);
        }
        clock.freezeAt(now);
        new AlertMonitor(config, services.catalog(), services.store(), services.layout()::probeKey, List.of(),
                clock).check();
        services.catalog().saveAlert(new OpenAlert("ledger", "backup.failed", now.minus(Duration.ofDays(5)), now,
                "backup of ledger failed: cannot reach postgresql://ops:" + ALERT_URL_PASSWORD + "@db.internal/ledger"));
        String request = services.approvals().request("app", "latest", "", "U9").id();
        services.approvals().vote(request, "U1", true, Progress.NONE);
    }

    /** One backup of {@code ledger}; with {@code failing} its file is moved away first, so the real backup fails. */
    private void ledgerBackup(Path ledger, boolean failing) throws Exception {
        Path aside = ledger.resolveSibling("ledger.db.aside");
        if (failing) {
            Files.move(ledger, aside);
        }
        try {
            services.backups().backup("ledger", "scheduler", Progress.NONE);
        } catch (RuntimeException expected) {
            if (!failing) {
                throw expected;
            }
        } finally {
            if (failing) {
                Files.move(aside, ledger);
            }
        }
    }

    /** The newest good backup of {@code database}. */
    BackupRecord lastGood(String database) {
        return services.catalog().latestSucceeded(database).orElseThrow();
    }

    /** Starts the HTTP server {@code serve} runs, on a free port of 127.0.0.1; returns its address. */
    String serve() {
        http = Serving.httpServer(services, null, Serving.healthCheck(services, java.util.Optional::empty, "terminal"),
                new dev.backstop.metrics.Metrics(config, services.catalog(), services.clock()));
        return "http://127.0.0.1:" + http.start(config.http().bind(), 0);
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        services.close();
    }

    /** A clock that runs from an instant the test sets (so backups take their real time), or stands still. */
    static final class SetClock extends Clock {
        private volatile Instant base = Instant.now();
        private volatile long baseNanos = System.nanoTime();
        private volatile boolean frozen;

        void runFrom(Instant start) {
            baseNanos = System.nanoTime();
            base = start;
            frozen = false;
        }

        void freezeAt(Instant instant) {
            base = instant;
            frozen = true;
        }

        @Override
        public Instant instant() {
            return frozen ? base : base.plusNanos(System.nanoTime() - baseNanos);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
