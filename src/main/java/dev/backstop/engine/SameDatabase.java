package dev.backstop.engine;

import java.util.Locale;
import java.util.Set;

/** Whether two PostgreSQL URLs name one database: the same database name on the same host and port. */
final class SameDatabase {

    private static final String DEFAULT_PORT = "5432";
    private static final Set<String> LOOPBACK = Set.of("", "localhost", "127.0.0.1", "::1");

    private SameDatabase() {
    }

    /** Users and parameters are ignored; the local socket and the loopback names count as one host. */
    static boolean of(PostgresUrl first, PostgresUrl second) {
        return first.database().equals(second.database()) && port(first).equals(port(second))
                && host(first).equals(host(second));
    }

    private static String host(PostgresUrl url) {
        String host = url.host().toLowerCase(Locale.ROOT);
        return LOOPBACK.contains(host) ? "localhost" : host;
    }

    private static String port(PostgresUrl url) {
        String spec = url.hostSpec();
        String afterHost = spec.startsWith("[") ? spec.substring(spec.indexOf(']') + 1)
                : spec.substring(url.host().length());
        return afterHost.startsWith(":") && afterHost.length() > 1 ? afterHost.substring(1) : DEFAULT_PORT;
    }
}
