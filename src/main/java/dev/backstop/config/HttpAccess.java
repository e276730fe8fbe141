package dev.backstop.config;

import java.util.Optional;

/**
 * Who can reach the HTTP server: the address it listens on ({@code http.bind}) and the basic-auth
 * login ({@code http.auth}) that the status page and {@code /metrics} take when it is set.
 * {@code declared} is whether the config has an {@code http} section at all: the terminal chat opens
 * a port only when asked to.
 */
public record HttpAccess(String bind, Optional<Login> auth, boolean declared) {

    /** Where the server listens unless {@code http.bind} says otherwise: this machine only. */
    public static final String DEFAULT_BIND = "127.0.0.1";

    public static final HttpAccess DEFAULTS = new HttpAccess(DEFAULT_BIND, Optional.empty(), false);

    /** A basic-auth user and password; {@link #toString} never shows the password. */
    public record Login(String user, String password) {
        @Override
        public String toString() {
            return "Login[user=" + user + ", password=***]";
        }
    }
}
