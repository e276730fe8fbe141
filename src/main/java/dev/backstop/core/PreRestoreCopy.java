package dev.backstop.core;

import java.time.Duration;
import java.time.Instant;

/**
 * A database that a restore renamed aside instead of dropping, such as PostgreSQL's
 * {@code shop_pre_restore_20261123_161000}: its {@code name}, where it is ({@code location}, without
 * any password) and when the restore that replaced it started.
 */
public record PreRestoreCopy(String name, String location, Instant replacedAt) {

    /** True when the copy was set aside longer than {@code keep} before {@code now}. */
    public boolean olderThan(Duration keep, Instant now) {
        return replacedAt.plus(keep).isBefore(now);
    }
}
