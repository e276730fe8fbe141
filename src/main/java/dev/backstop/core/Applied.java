package dev.backstop.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What applying a dump did to what was at the target before: {@code setAside} names the copy of the
 * old target that was kept beside it, such as a damaged SQLite file, and {@code reason} says why it
 * was not overwritten in place; both are empty when nothing was kept. {@code checked} holds the
 * restored target's damage checks and row counts when the engine already ran them on exactly the
 * bytes now at the target (such as a SQLite file checked while it was synced, before its rename), so
 * the caller need not read the target again.
 */
public record Applied(Optional<String> setAside, Optional<String> reason, Optional<Checked> checked) {

    /** Nothing was kept aside: the target was new or overwritten in place. */
    public static final Applied NOTHING_KEPT = new Applied(Optional.empty(), Optional.empty(), Optional.empty());

    public static Applied keptAs(String setAside, String reason) {
        return new Applied(Optional.of(setAside), Optional.of(reason), Optional.empty());
    }

    /** What the engine's {@link DatabaseEngine#damageProblems} and {@link DatabaseEngine#rowCounts} found. */
    public record Checked(List<String> damageProblems, Map<String, Long> rowCounts) {
        public Checked {
            damageProblems = List.copyOf(damageProblems);
            rowCounts = Map.copyOf(rowCounts);
        }
    }

    /** This outcome, with the target's checks already run: {@code checked}. */
    public Applied withChecked(Checked found) {
        return new Applied(setAside, reason, Optional.of(found));
    }

    /** "; what was there before is kept as X (R)" for messages and the audit log, or "" when nothing was kept. */
    public String note() {
        return setAside.map(kept -> "; what was there before is kept as " + kept
                + reason.map(why -> " (" + why + ")").orElse("")).orElse("");
    }
}
