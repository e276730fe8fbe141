package dev.backstop.core;

/**
 * A failure to explain to a person in one line: what happened and what to do next.
 * The message never holds secrets.
 */
public final class BackstopException extends RuntimeException {
    public BackstopException(String message) {
        super(message);
    }

    public BackstopException(String message, Throwable cause) {
        super(message, cause);
    }
}
