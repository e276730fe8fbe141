package dev.backstop.core;

/** Sends a short message to people, such as an alert into an ops channel. */
public interface Notifier {

    /** Posts {@code text} to {@code channel}. Failures are thrown, never swallowed. */
    void post(String channel, String text) throws java.io.IOException;
}
