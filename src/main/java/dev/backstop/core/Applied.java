package dev.backstop.core;

import java.util.Optional;

/**
 * What applying a dump did to what was at the target before: {@code setAside} names the copy of the
 * old target that was kept beside it (such as a damaged SQLite file), empty when nothing was kept.
 */
public record Applied(Optional<String> setAside) {

    /** Nothing was kept aside: the target was new or overwritten in place. */
    public static final Applied NOTHING_KEPT = new Applied(Optional.empty());

    public static Applied keptAs(String setAside) {
        return new Applied(Optional.of(setAside));
    }

    /** "; what was there before is kept as X" for messages and the audit log, or "" when nothing was kept. */
    public String note() {
        return setAside.map(kept -> "; what was there before is kept as " + kept).orElse("");
    }
}
