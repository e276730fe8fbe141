package dev.backstop.core;

import java.time.Duration;
import java.time.Instant;

/**
 * What a backup asks of retention when it is taken: nothing, to be kept for a while ({@code --keep 30d}),
 * or to be kept until unpinned ({@code --pin}).
 */
public record KeepRule(boolean pin, Duration keepFor) {

    /** Retention treats the backup like any other. */
    public static final KeepRule NONE = new KeepRule(false, null);

    /** Retention keeps the backup until someone unpins it. */
    public static final KeepRule PIN = new KeepRule(true, null);

    public KeepRule {
        if (pin && keepFor != null) {
            throw new BackstopException("--keep and --pin cannot be combined; pick one");
        }
        if (keepFor != null && (keepFor.isNegative() || keepFor.isZero())) {
            throw new BackstopException("--keep needs a positive duration such as 30d or 12h");
        }
    }

    /** Retention keeps the backup for {@code period} from when it was taken. */
    public static KeepRule keepFor(Duration period) {
        return new KeepRule(false, period);
    }

    /** Until when a backup taken at {@code takenAt} is kept, or null when no time limit applies. */
    public Instant keepUntil(Instant takenAt) {
        return keepFor == null ? null : takenAt.plus(keepFor);
    }
}
