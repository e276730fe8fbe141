package dev.backstop.core;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A database URL ({@code scheme://user[:password]@host[:port][,host2...]/database[?params]}) reduced
 * so that spellings of one address compare equal: the scheme lowercased ({@code postgres} read as
 * {@code postgresql}), each server as lowercase {@code host:port} with the scheme's default port filled
 * in, and the parameters sorted. Connection parameters that move the connection ({@code host},
 * {@code hostaddr}, {@code port}, {@code dbname}, {@code user}) are applied as libpq applies them.
 * The password is only noted as present, never kept.
 */
public record TargetUrl(String scheme, String user, List<String> servers, String database,
                        Map<String, String> parameters, boolean hasPassword) implements RestoreTarget {

    private static final Map<String, Integer> DEFAULT_PORTS = Map.of("postgresql", 5432, "mysql", 3306);
    /** Stands for the local server, reached over a socket or a loopback address. */
    private static final String LOCAL = "(local)";

    public TargetUrl {
        servers = List.copyOf(servers);
        parameters = Map.copyOf(parameters);
    }

    /** Parses {@code url}; throws a one-line error, with any password removed, when it is not a URL. */
    public static TargetUrl parse(String url) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd <= 0) {
            throw new BackstopException("`" + Redaction.secrets(url) + "` is not a URL; write scheme://host/database");
        }
        String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        scheme = scheme.equals("postgres") ? "postgresql" : scheme;
        String rest = url.substring(schemeEnd + 3);
        boolean password = false;
        Map<String, String> parameters = new TreeMap<>();
        int query = rest.indexOf('?');
        if (query >= 0) {
            for (String parameter : rest.substring(query + 1).split("&")) {
                int equals = parameter.indexOf('=');
                String key = (equals < 0 ? parameter : parameter.substring(0, equals)).toLowerCase(Locale.ROOT);
                if (key.isEmpty()) {
                    continue;
                }
                if (key.equals("password")) {
                    password = true;
                } else {
                    parameters.put(key, equals < 0 ? "" : decode(parameter.substring(equals + 1)));
                }
            }
            rest = rest.substring(0, query);
        }
        int slash = rest.indexOf('/');
        String authority = slash >= 0 ? rest.substring(0, slash) : rest;
        String database = slash >= 0 ? decode(rest.substring(slash + 1)) : "";
        String user = "";
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            password |= colon >= 0;
            user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo);
        }
        user = parameters.getOrDefault("user", user);
        database = parameters.getOrDefault("dbname", database);
        return new TargetUrl(scheme, user, servers(scheme, authority, parameters), database, parameters, password);
    }

    private static List<String> servers(String scheme, String authority, Map<String, String> parameters) {
        List<String> hosts = new ArrayList<>();
        List<String> ports = new ArrayList<>();
        for (String spec : authority.split(",", -1)) {
            String host = spec;
            String port = "";
            int colon = spec.lastIndexOf(':');
            if (colon >= 0 && spec.indexOf(']') < colon) {
                host = spec.substring(0, colon);
                port = spec.substring(colon + 1);
            }
            hosts.add(decode(host));
            ports.add(decode(port));
        }
        if (parameters.containsKey("host")) {
            hosts = List.of(parameters.get("host").split(",", -1));
        }
        if (parameters.containsKey("hostaddr")) {
            hosts = List.of(parameters.get("hostaddr").split(",", -1));
        }
        if (parameters.containsKey("port")) {
            ports = List.of(parameters.get("port").split(",", -1));
        }
        String defaultPort = String.valueOf(DEFAULT_PORTS.getOrDefault(scheme, -1));
        List<String> servers = new ArrayList<>();
        for (int index = 0; index < hosts.size(); index++) {
            String host = hosts.get(index).trim().toLowerCase(Locale.ROOT);
            host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            host = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
            String port = ports.size() == 1 ? ports.get(0) : index < ports.size() ? ports.get(index) : "";
            host = HostSpelling.ipv4(host).orElse(host);
            servers.add(host + ":" + (port.isBlank() ? defaultPort : HostSpelling.port(port)));
        }
        return servers;
    }

    /** Whether {@code other} names the very same address: all but the password agree. */
    public boolean sameAddress(TargetUrl other) {
        return scheme.equals(other.scheme) && user.equals(other.user) && servers.equals(other.servers)
                && database.equals(other.database) && parameters.equals(other.parameters);
    }

    /**
     * Whether a restore into {@code other} lands in the same database: the same scheme and database
     * name on a server this one also names, where two host names are one server when they are equal,
     * both local (a socket, a loopback or wildcard address, or an address of this machine), or resolve to a
     * shared address; IPv4 addresses in any {@code inet_aton} spelling and ports with leading zeros or a
     * sign are read as numbers first, and a port that is no number may be any port.
     */
    @Override
    public boolean samePlace(RestoreTarget other) {
        if (!(other instanceof TargetUrl url) || !scheme.equals(url.scheme) || !database.equals(url.database)) {
            return false;
        }
        for (String mine : servers) {
            for (String theirs : url.servers) {
                if (sameServer(mine, theirs)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean sameServer(String first, String second) {
        if (first.equals(second)) {
            return true;
        }
        String firstPort = first.substring(first.lastIndexOf(':') + 1);
        String secondPort = second.substring(second.lastIndexOf(':') + 1);
        if (!firstPort.equals(secondPort) && !firstPort.equals(HostSpelling.ANY_PORT)
                && !secondPort.equals(HostSpelling.ANY_PORT)) {
            return false;
        }
        Set<String> firstAddresses = addresses(first.substring(0, first.lastIndexOf(':')));
        firstAddresses.retainAll(addresses(second.substring(0, second.lastIndexOf(':'))));
        return !firstAddresses.isEmpty();
    }

    private static Set<String> addresses(String host) {
        Set<String> addresses = new HashSet<>();
        if (host.isEmpty() || host.startsWith("/")) {
            addresses.add(LOCAL);
            return addresses;
        }
        addresses.add(host);
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                addresses.add(address.getHostAddress());
                if (address.isLoopbackAddress() || address.isAnyLocalAddress()
                        || NetworkInterface.getByInetAddress(address) != null) {
                    addresses.add(LOCAL);
                }
            }
        } catch (UnknownHostException | SocketException | SecurityException unresolved) {
            // An unknown name is compared by its spelling alone.
        }
        return addresses;
    }

    @Override
    public String toString() {
        return scheme + "://" + (user.isEmpty() ? "" : user + "@") + String.join(",", servers) + "/" + database
                + (parameters.isEmpty() ? "" : "?" + parameters);
    }

    private static String decode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && Character.digit(text.charAt(i + 1), 16) >= 0
                    && Character.digit(text.charAt(i + 2), 16) >= 0) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                int codePoint = text.codePointAt(i);
                bytes.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint) - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
