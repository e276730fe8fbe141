package dev.backstop.schedule;

import dev.backstop.core.LeftoverRestore;

/** What a sweep does with one leftover restore database: {@code drop} it or keep it, and {@code why} in words. */
public record LeftoverVerdict(LeftoverRestore leftover, boolean drop, String why) {
}
