package dev.backstop.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A database kind that can stream a consistent dump out and apply a dump back in. */
public interface DatabaseEngine {

    /** The engine's config name, such as {@code sqlite}. */
    String name();

    /** The format of the raw dump this engine writes, recorded in each manifest. */
    String dumpFormat();

    /** Where a restore goes when the caller names no target. */
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
     * its end and checked before the target is touched, and on any failure the target is left as
     * it was. {@code target} is a path or URL in the engine's own terms.
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
     * Throws a one-line {@link BackstopException} when {@code target} is not of a kind this engine
     * restores into, such as a URL given to a file engine; it touches nothing, so a caller can
     * refuse a restore before downloading anything.
     */
    default void requireTarget(String target) {
    }

    /** Describes {@code target} for people and logs, with any password removed. */
    default String describe(String target) {
        return target;
    }

    /** A place to restore into for a drill, never the source; {@code label} makes it unique. */
    default String scratchTarget(String label) {
        throw new UnsupportedOperationException(name() + " engine has no drill support yet");
    }

    /**
     * A scratch target at {@code place} (the database's {@code drill.target}): for SQLite a folder,
     * for PostgreSQL a URL naming the server and credentials to use instead of the source's.
     */
    default String scratchTarget(String label, String place) {
        throw new UnsupportedOperationException(name() + " engine has no drill support yet");
    }

    /** Removes a scratch target made by {@link #scratchTarget}. Removing a missing one is not an error. */
    default void dropScratch(String target) throws IOException {
        throw new UnsupportedOperationException(name() + " engine has no drill support yet");
    }

    /**
     * The copies that earlier restores of the source set aside on the source's server, oldest
     * first; only names made for this very database count. Engines whose restores keep no copy
     * return an empty list. Throws when the server cannot be asked.
     */
    default java.util.List<PreRestoreCopy> preRestoreCopies() throws IOException {
        return java.util.List.of();
    }

    /**
     * Drops {@code copy}, one that {@link #preRestoreCopies} listed; dropping a missing one is not an
     * error. Refuses any name that is not a pre-restore copy of the source, and throws, leaving the
     * copy, when it is still in use.
     */
    default void dropPreRestoreCopy(PreRestoreCopy copy) throws IOException {
        throw new UnsupportedOperationException(name() + " engine keeps no pre-restore copies");
    }

    /**
     * The databases on the source's server that restores of the source loaded into and that still
     * exist, oldest first, each with its open session count; only names made for this very database
     * count. Engines whose restores load in place return an empty list. Throws when the server cannot
     * be asked.
     */
    default java.util.List<LeftoverRestore> leftoverRestores() throws IOException {
        return java.util.List.of();
    }

    /**
     * Drops {@code leftover}, one that {@link #leftoverRestores} listed, and returns true; dropping a
     * missing one is not an error. Returns false, leaving it, when it has sessions: a restore may still
     * be loading into it. Never ends sessions, and refuses any name that is not a restore database of
     * the source.
     */
    default boolean dropLeftoverRestore(LeftoverRestore leftover) throws IOException {
        throw new UnsupportedOperationException(name() + " engine leaves no restore databases");
    }

    /** The engine's own integrity checks of a restored copy; an empty list means it is sound. */
    default java.util.List<String> integrityProblems(String target) throws IOException {
        throw new UnsupportedOperationException(name() + " engine has no drill support yet");
    }

    /**
     * Damage in a target a restore just wrote: the storage checks of {@link #integrityProblems},
     * without the data's own rules (such as foreign keys the source already broke), since a restore
     * copies the data as it was. It only reads the target. An empty list means it is undamaged.
     */
    default java.util.List<String> damageProblems(String target) throws IOException {
        return integrityProblems(target);
    }

    /** Exact row counts of every table in {@code target}, keyed as the manifest keys them. */
    default java.util.Map<String, Long> rowCounts(String target) throws IOException {
        throw new UnsupportedOperationException(name() + " engine has no drill support yet");
    }

    /** Runs {@code query} on {@code target} and returns its first column of its first row, or empty if no row. */
    default java.util.Optional<String> firstValue(String target, String query) throws IOException {
        throw new UnsupportedOperationException(name() + " engine has no drill support yet");
    }
}
