package dev.backstop.core;

import java.io.IOException;

/** Somewhere alerts go: a chat channel, a webhook. */
public interface AlertSink {

    /** Delivers one alert, or throws when it could not be delivered (after any retries of its own). */
    void send(Alert alert) throws IOException;
}
