package dev.backstop.core;

/** One check of a drill: its name, whether it passed, what was seen, and how long it took. */
public record CheckResult(String name, boolean passed, String detail, long durationMs) {
}
