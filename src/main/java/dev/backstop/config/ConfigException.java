package dev.backstop.config;

/** An invalid configuration, described in one line as {@code FILE: KEY: what is wrong}. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
