package dev.backstop.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every database kind does: stream a consistent dump out, apply a dump to a target atomically,
 * and check a target a restore wrote. What only some engines do is a capability the caller asks for
 * with {@link #capability} before it starts a job: {@link DrillSupport}, {@link SetAsideHousekeeping},
 * {@link NewTargetOnly}, {@link SnapshotRowCounts} and {@link PointInTime}.
 */
public interface DatabaseEngine {

    /** The engine's config name, such as {@code sqlite}. */
    String name();

    /** The format of the raw dump this engine writes, recorded in each manifest. */
    String dumpFormat();

    /** Where a restore goes when the caller names no target; never carries a password. */
    String defaultTarget();

    /**
     * True when a restore into {@code target} would overwrite the source: no target (null or blank),
     * or the source itself however it is spelled. When unsure, engines answer true.
     */
    default boolean isSource(String target) {
        return target == null || target.isBlank() || target.equals(defaultTarget());
    }

    /**
     * False only when the source surely does not exist (a SQLite file that is gone), so a restore
     * over it replaces nothing; engines that cannot tell cheaply answer true.
     */
    default boolean sourceExists() {
        return true;
    }

    /**
     * Writes a consistent snapshot of the source to {@code out} and returns facts about that
     * snapshot. Does not close {@code out}. Throws when the source cannot be read; what was
     * written by then must be discarded by the caller.
     */
    SourceSnapshot dump(OutputStream out) throws IOException;

    /**
     * {@link #dump(OutputStream)}, reporting to {@code progress} what the dump waits for before data
     * flows, such as a lock the app holds (as a stage with {@code bytesDone} of -1).
     */
    default SourceSnapshot dump(OutputStream out, Progress progress) throws IOException {
        return dump(out);
    }

    /**
     * Applies the dump read from {@code dump} to {@code target} atomically: the dump is read to
     * its end and checked before the target is touched, and on any failure (a stream that throws or
     * ends early) the target is left as it was, and a new target is not created. {@code target} is a
     * path or URL in the engine's own terms.
     */
    void restore(InputStream dump, String target) throws IOException;

    /**
     * Does what {@link #restore} does and says what became of the old target, such as a damaged
     * file kept aside. Engines that keep nothing aside need not override it.
     */
    default Applied apply(InputStream dump, String target) throws IOException {
        restore(dump, target);
        return Applied.NOTHING_KEPT;
    }

    /**
     * {@link #restore(InputStream, String)}, told that the dump holds {@code dumpBytes} bytes (the size the
     * manifest recorded, which the stream is checked to end at; -1 when unknown), so an engine that stages
     * the dump on disk can check the free space before it reads a byte. Engines that stream ignore it.
     */
    default void restore(InputStream dump, long dumpBytes, String target) throws IOException {
        restore(dump, target);
    }

    /** {@link #apply(InputStream, String)}, told the dump's size as {@link #restore(InputStream, long, String)} is. */
    default Applied apply(InputStream dump, long dumpBytes, String target) throws IOException {
        return apply(dump, target);
    }

    /**
     * Throws a one-line {@link BackstopException} when {@code target} is not of a kind this engine
     * restores into, such as a URL given to a file engine; it touches nothing, so a caller can
     * refuse a restore before downloading anything.
     */
    default void requireTarget(String target) {
    }

    /**
     * Describes {@code target} for people and logs: never shows a password. Engines do not override
     * it; {@link Redaction#secrets} turns any URL password and {@code password=} setting into {@code ***},
     * as in every other message.
     */
    default String describe(String target) {
        return Redaction.secrets(target);
    }

    /**
     * Damage in a target a restore just wrote: the storage checks, without the data's own rules (such
     * as foreign keys the source already broke), since a restore copies the data as it was. It only
     * reads the target. An empty list means it is undamaged.
     */
    List<String> damageProblems(String target) throws IOException;

    /** Exact row counts of every table in {@code target}, keyed as {@link SourceSnapshot#tableRowCounts} keys them. */
    Map<String, Long> rowCounts(String target) throws IOException;

    /** The key under which {@link #rowCounts} counts {@code table} as people name it (such as in {@code required_tables}). */
    default String tableKey(String table) {
        return table;
    }

    /** This engine's facet of {@code kind}, such as {@link DrillSupport}, or empty when it lacks that capability. */
    default <T> Optional<T> capability(Class<T> kind) {
        return kind.isInstance(this) ? Optional.of(kind.cast(this)) : Optional.empty();
    }
}
