package dev.backstop.core;

import java.time.Duration;
import java.time.Instant;

/**
 * A database that a restore loaded into and that is still there, such as PostgreSQL's
 * {@code shop_restoring_20261123_161000}: its {@code name}, where it is ({@code location}, without any
 * password), when that restore started, and how many sessions were open on it when it was listed.
 * It is either a restore still loading or the leftover of one that stopped without cleaning up.
 */
public record LeftoverRestore(String name, String location, Instant startedAt, int sessions) {

    /** How long before {@code now} its restore started; negative when the stamp lies in the future. */
    public Duration age(Instant now) {
        return Duration.between(startedAt, now);
    }
}
