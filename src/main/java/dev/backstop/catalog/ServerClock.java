package dev.backstop.catalog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A clock that follows the database server's: the local clock plus the offset to the server's
 * {@code clock_timestamp()}, measured when the catalog opens and again every {@link #REFRESH} by a
 * thread of its own, so {@link #instant} never queries nor waits for the server. So every replica
 * sharing a PostgreSQL catalog reads one time. When a refresh fails, the last offset stays.
 */
final class ServerClock extends Clock implements AutoCloseable {

    static final Duration REFRESH = Duration.ofMinutes(1);

    private final DataSource source;
    private final Clock local;
    private final ScheduledExecutorService refresher;
    private volatile Duration offset;

    private ServerClock(DataSource source, Clock local, Duration offset, Duration refresh) {
        this.source = source;
        this.local = local;
        this.offset = offset;
        this.refresher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "backstop-catalog-clock");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::refresh, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Measures the server's offset now, reading in UTC; throws when the server cannot be asked. */
    static ServerClock of(DataSource source, Clock local) throws SQLException {
        return of(source, local, REFRESH);
    }

    /** Like {@link #of(DataSource, Clock)}, measuring again every {@code refresh}. */
    static ServerClock of(DataSource source, Clock local, Duration refresh) throws SQLException {
        return new ServerClock(source, local.withZone(ZoneOffset.UTC), measure(source, local), refresh);
    }

    private void refresh() {
        try {
            offset = measure(source, local);
        } catch (SQLException | RuntimeException unreachable) {
            // Keep the last offset: the server's clock does not jump, and the next refresh tries again.
        }
    }

    /** Stops the refreshes; the clock keeps its last offset. */
    @Override
    public void close() {
        refresher.shutdownNow();
    }

    /** How far the server's clock is ahead of {@code local}, halving the round trip. */
    static Duration measure(DataSource source, Clock local) throws SQLException {
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
            Instant before = local.instant();
            Instant server;
            try (ResultSet row = statement.executeQuery("SELECT clock_timestamp()")) {
                row.next();
                server = row.getTimestamp(1).toInstant();
            }
            Instant after = local.instant();
            Instant middle = before.plus(Duration.between(before, after).dividedBy(2));
            return Duration.between(middle, server);
        }
    }

    /** The offset last measured. */
    Duration offset() {
        return offset;
    }

    @Override
    public Instant instant() {
        return local.instant().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return local.getZone();
    }

    /** This clock read in {@code zone}: the same instants, following the server just as this one does. */
    @Override
    public Clock withZone(ZoneId zone) {
        ServerClock zoned = this;
        return new Clock() {
            @Override
            public Instant instant() {
                return zoned.instant();
            }

            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return zoned.withZone(other);
            }
        };
    }
}
