package dev.backstop.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Checks an {@code Authorization: Basic ...} header against one user and password. Both are compared
 * as SHA-256 digests with {@link MessageDigest#isEqual}, so the time taken tells nothing about how much
 * of either matched, nor their lengths.
 */
public final class BasicAuth {

    /** The challenge sent with a 401, which makes a browser ask for the login. */
    public static final String CHALLENGE = "Basic realm=\"Backstop status\", charset=\"UTF-8\"";

    private final byte[] user;
    private final byte[] password;

    public BasicAuth(String user, String password) {
        this.user = digest(user);
        this.password = digest(password);
    }

    /** Whether {@code header} (the Authorization header's value, null when absent) carries this login. */
    public boolean admits(String header) {
        if (header == null || !header.regionMatches(true, 0, "basic ", 0, 6)) {
            return false;
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean userMatches = MessageDigest.isEqual(user, digest(pair.substring(0, colon)));
        boolean passwordMatches = MessageDigest.isEqual(password, digest(pair.substring(colon + 1)));
        return userMatches & passwordMatches;
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is missing from this Java: " + impossible.getMessage(), impossible);
        }
    }

    @Override
    public String toString() {
        return "BasicAuth[***]";
    }
}
