package dev.backstop.engine;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A MySQL or MariaDB address, {@code mysql://user[:password]@host[:port]/database[?socket=/path]}: the
 * password is kept only to be written to an options file, never shown; {@link #withoutPassword} is
 * the spelling for people and logs. An empty {@code database} names the server alone.
 */
record MysqlUrl(String user, String password, String host, int port, String database, String socket) {

    static final int DEFAULT_PORT = 3306;

    /** Parses {@code url}; throws an IllegalArgumentException, naming no password, when it is not one. */
    static MysqlUrl parse(String url) {
        if (url == null || !url.startsWith("mysql://")) {
            throw new IllegalArgumentException("not a mysql:// URL");
        }
        String rest = url.substring("mysql://".length());
        String socket = "";
        int query = rest.indexOf('?');
        if (query >= 0) {
            for (String parameter : rest.substring(query + 1).split("&")) {
                if (parameter.startsWith("socket=")) {
                    socket = decode(parameter.substring("socket=".length()));
                } else if (!parameter.isEmpty()) {
                    throw new IllegalArgumentException("unknown parameter '" + parameter.replaceAll("=.*", "")
                            + "' (only socket=/path is read)");
                }
            }
            rest = rest.substring(0, query);
        }
        int slash = rest.indexOf('/', rest.lastIndexOf('@') + 1);
        if (slash < 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("the URL names no database (mysql://USER@HOST:PORT/DB)");
        }
        String authority = rest.substring(0, slash);
        String database = decode(rest.substring(slash + 1));
        if (database.contains("/") || database.contains("`")) {
            throw new IllegalArgumentException("'" + database + "' is not a database name");
        }
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? "" : authority.substring(0, at);
        String hostPort = authority.substring(at + 1);
        int colon = userInfo.indexOf(':');
        String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        int portColon = hostPort.lastIndexOf(':');
        String host = portColon < 0 ? hostPort : hostPort.substring(0, portColon);
        int port = DEFAULT_PORT;
        if (portColon >= 0) {
            try {
                port = Integer.parseInt(hostPort.substring(portColon + 1));
            } catch (NumberFormatException notNumber) {
                throw new IllegalArgumentException("port '" + hostPort.substring(portColon + 1) + "' is not a number");
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("the URL names no host (mysql://USER@HOST:PORT/DB)");
        }
        if (user.isEmpty()) {
            throw new IllegalArgumentException("the URL names no user (mysql://USER@HOST:PORT/DB)");
        }
        return new MysqlUrl(user, password, host, port, database, socket);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    MysqlUrl withDatabase(String other) {
        return new MysqlUrl(user, password, host, port, other, socket);
    }

    /** {@code host:port}, for messages. */
    String server() {
        return host + ":" + port;
    }

    /** The URL without its password. */
    String withoutPassword() {
        return "mysql://" + user + "@" + server() + "/" + database + (socket.isEmpty() ? "" : "?socket=" + socket);
    }

    @Override
    public String toString() {
        return withoutPassword();
    }
}
