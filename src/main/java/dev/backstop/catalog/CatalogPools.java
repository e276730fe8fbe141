package dev.backstop.catalog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.backstop.core.TargetUrl;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connection pools the catalog runs on. A SQLite file gets a small pool whose connections wait up to
 * ten seconds for the file's lock, sync every commit and begin every transaction IMMEDIATE, so a
 * transaction that reads and then writes holds the write lock from its start and two can never deadlock
 * on upgrading their locks. A PostgreSQL database gets a small pool logging in with the configured password.
 */
final class CatalogPools {

    /** Connections per pool: the catalog works on one at a time; the rest serve the job scheduler. */
    private static final int SIZE = 4;
    static final int BUSY_TIMEOUT_MS = 10_000;
    /**
     * How long a call on a PostgreSQL catalog waits for a connection (and a login) before it fails: a
     * server that is down makes /healthz and each job fail in seconds, not half a minute. (A SQLite pool
     * keeps Hikari's 30 s, since its connections may wait {@link #BUSY_TIMEOUT_MS} for the file's lock.)
     */
    static final long CONNECT_TIMEOUT_MS = 4_000;

    private CatalogPools() {
    }

    static HikariDataSource sqlite(Path file) {
        SQLiteConfig settings = new SQLiteConfig();
        settings.setBusyTimeout(BUSY_TIMEOUT_MS);
        settings.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        settings.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource source = new SQLiteDataSource(settings);
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        HikariConfig pool = common();
        pool.setDataSource(source);
        return new HikariDataSource(pool);
    }

    static HikariDataSource postgresql(String url, String password) {
        TargetUrl parsed = TargetUrl.parse(url);
        HikariConfig pool = common();
        pool.setDriverClassName("org.postgresql.Driver");
        pool.setJdbcUrl(jdbcUrl(parsed));
        pool.setUsername(parsed.user().isEmpty() ? null : parsed.user());
        pool.setPassword(password.isEmpty() ? null : password);
        pool.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        pool.setValidationTimeout(CONNECT_TIMEOUT_MS / 2);
        pool.addDataSourceProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT_MS / 1000));
        pool.addDataSourceProperty("loginTimeout", Long.toString(CONNECT_TIMEOUT_MS / 1000));
        return new HikariDataSource(pool);
    }

    /** {@code postgresql://user@host:port/db?params} as the JDBC driver spells it, without the user. */
    static String jdbcUrl(TargetUrl url) {
        String servers = url.servers().stream().map(CatalogPools::server).collect(Collectors.joining(","));
        Map<String, String> parameters = url.parameters();
        String query = parameters.entrySet().stream()
                .filter(parameter -> !Set.of("user", "dbname", "host", "hostaddr", "port").contains(parameter.getKey()))
                .map(parameter -> parameter.getKey() + "=" + parameter.getValue()).collect(Collectors.joining("&"));
        return "jdbc:postgresql://" + servers + "/" + url.database() + (query.isEmpty() ? "" : "?" + query);
    }

    private static String server(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        String host = hostAndPort.substring(0, colon);
        return (host.contains(":") ? "[" + host + "]" : host) + hostAndPort.substring(colon);
    }

    private static HikariConfig common() {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("backstop-catalog");
        pool.setMaximumPoolSize(SIZE);
        pool.setMinimumIdle(1);
        return pool;
    }
}
