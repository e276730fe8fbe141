package dev.backstop.core;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The capability to run restore drills: scratch targets that are never the source, the engine's own
 * integrity checks and queries. A drill asks for it before it starts, so no drill fails half-way.
 */
public interface DrillSupport {

    /** A place to restore into for a drill, never the source; {@code label} makes it unique. */
    String scratchTarget(String label);

    /**
     * A scratch target at {@code place} (the database's {@code drill.target}): for SQLite a folder, for
     * a server engine a URL naming the server and credentials to use instead of the source's. Throws a
     * one-line {@link BackstopException} when {@code place} is not of the engine's kind.
     */
    String scratchTarget(String label, String place);

    /** Removes a scratch target made by {@link #scratchTarget}. Removing a missing one is not an error. */
    void dropScratch(String target) throws IOException;

    /** The engine's own integrity checks of a restored copy, data rules included; an empty list means sound. */
    List<String> integrityProblems(String target) throws IOException;

    /** Runs {@code query} on {@code target} and returns its first column of its first row, or empty if no row. */
    Optional<String> firstValue(String target, String query) throws IOException;
}
