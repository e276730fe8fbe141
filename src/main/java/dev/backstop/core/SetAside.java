package dev.backstop.core;

import java.time.Duration;
import java.time.Instant;

/**
 * A database that a restore left beside its target: its {@code name}, where it is ({@code location},
 * without any password), its {@code kind}, when the restore that made it started ({@code since}) and how
 * many sessions were open on it when it was listed.
 */
public record SetAside(String name, String location, Kind kind, Instant since, int sessions) {

    /** Why a restore left the database there. */
    public enum Kind {
        /**
         * A database the restore loaded into, such as {@code shop_restoring_20261123_161000}: a restore
         * still loading, or the leftover of one that stopped without cleaning up.
         */
        RESTORING,
        /**
         * The target as it was before the restore replaced it, renamed aside instead of dropped, such as
         * {@code shop_pre_restore_20261123_161000}; kept for {@code keep_pre_restore}.
         */
        PRE_RESTORE
    }

    /** How long before {@code now} its restore started; negative when the stamp lies in the future. */
    public Duration age(Instant now) {
        return Duration.between(since, now);
    }

    /** True when it was set aside longer than {@code keep} before {@code now}. */
    public boolean olderThan(Duration keep, Instant now) {
        return since.plus(keep).isBefore(now);
    }
}
