package dev.backstop.engine;

import dev.backstop.core.Redaction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code postgresql://user[:password]@host[:port]/db[?params]} URL split so that the password
 * can travel apart from it: {@link #withoutPassword()} is the only form handed to child processes.
 */
public record PostgresUrl(String user, String password, String hostSpec, String database, List<String> parameters) {


    public PostgresUrl {
        parameters = List.copyOf(parameters);
    }

    /** Parses {@code url}; the error names the URL with its password removed. */
    public static PostgresUrl parse(String url) {
        String rest;
        if (url.startsWith("postgresql://")) {
            rest = url.substring("postgresql://".length());
        } else if (url.startsWith("postgres://")) {
            rest = url.substring("postgres://".length());
        } else {
            throw new IllegalArgumentException("not a postgresql:// URL: " + redact(url));
        }
        List<String> parameters = new ArrayList<>();
        String password = "";
        int query = rest.indexOf('?');
        if (query >= 0) {
            for (String parameter : rest.substring(query + 1).split("&")) {
                if (parameter.toLowerCase(java.util.Locale.ROOT).startsWith("dbname=")) {
                    throw new IllegalArgumentException("the URL " + redact(url) + " names its database with dbname=;"
                            + " name it only in the path, after the host");
                }
                if (parameter.toLowerCase(java.util.Locale.ROOT).startsWith("password=")) {
                    password = decode(parameter.substring("password=".length()));
                } else if (!parameter.isEmpty()) {
                    parameters.add(parameter);
                }
            }
            rest = rest.substring(0, query);
        }
        int slash = rest.indexOf('/');
        String authority = slash >= 0 ? rest.substring(0, slash) : rest;
        String database = slash >= 0 ? decode(rest.substring(slash + 1)) : "";
        String user = "";
        int at = authority.lastIndexOf('@');
        String hostSpec = authority;
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            hostSpec = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                String inUrl = decode(userInfo.substring(colon + 1));
                password = inUrl.isEmpty() ? password : inUrl;
                userInfo = userInfo.substring(0, colon);
            }
            user = decode(userInfo);
        }
        if (database.isEmpty()) {
            throw new IllegalArgumentException("the URL " + redact(url) + " names no database; add /DBNAME after the host");
        }
        return new PostgresUrl(user, password, hostSpec, database, parameters);
    }

    /** The same server and user with another database. */
    public PostgresUrl withDatabase(String name) {
        return new PostgresUrl(user, password, hostSpec, name, parameters);
    }

    /** The URL for libpq with no password in it. */
    public String withoutPassword() {
        StringBuilder url = new StringBuilder("postgresql://");
        if (!user.isEmpty()) {
            url.append(encode(user)).append('@');
        }
        url.append(hostSpec).append('/').append(encode(database));
        if (!parameters.isEmpty()) {
            url.append('?').append(String.join("&", parameters));
        }
        return url.toString();
    }

    /** Host and port as people name the server, such as {@code db.internal:5432}. */
    public String server() {
        return hostSpec.isEmpty() ? "the local socket" : hostSpec;
    }

    /** The host name alone, without port. */
    public String host() {
        if (hostSpec.startsWith("[")) {
            int end = hostSpec.indexOf(']');
            return end > 0 ? hostSpec.substring(1, end) : hostSpec;
        }
        int colon = hostSpec.lastIndexOf(':');
        return colon >= 0 ? hostSpec.substring(0, colon) : hostSpec;
    }

    @Override
    public String toString() {
        return withoutPassword();
    }

    /** Removes passwords from any {@code postgresql://} URL or {@code password=} setting in {@code text}. */
    public static String redact(String text) {
        return Redaction.secrets(text);
    }

    private static String decode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()
                    && Character.digit(text.charAt(i + 1), 16) >= 0 && Character.digit(text.charAt(i + 2), 16) >= 0) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    encoded = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(encoded);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
