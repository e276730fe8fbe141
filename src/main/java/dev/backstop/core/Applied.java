package dev.backstop.core;

import java.util.Optional;

/**
 * What applying a dump did to what was at the target before: {@code setAside} names the copy of the
 * old target that was kept beside it, such as a damaged SQLite file, and {@code reason} says why it
 * was not overwritten in place; both are empty when nothing was kept.
 */
public record Applied(Optional<String> setAside, Optional<String> reason) {

    /** Nothing was kept aside: the target was new or overwritten in place. */
    public static final Applied NOTHING_KEPT = new Applied(Optional.empty(), Optional.empty());

    public static Applied keptAs(String setAside, String reason) {
        return new Applied(Optional.of(setAside), Optional.of(reason));
    }

    /** "; what was there before is kept as X (R)" for messages and the audit log, or "" when nothing was kept. */
    public String note() {
        return setAside.map(kept -> "; what was there before is kept as " + kept
                + reason.map(why -> " (" + why + ")").orElse("")).orElse("");
    }
}
