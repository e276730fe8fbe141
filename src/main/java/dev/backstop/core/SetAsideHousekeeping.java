package dev.backstop.core;

import java.io.IOException;
import java.util.List;

/**
 * The capability of engines whose restores leave databases beside the target on the source's server:
 * the ones loaded into ({@link SetAside.Kind#RESTORING}) and the old targets renamed aside
 * ({@link SetAside.Kind#PRE_RESTORE}). Engines that restore in a file or in place have no such facet.
 */
public interface SetAsideHousekeeping {

    /**
     * Every database restores of the source left on its server, restoring ones first, each kind oldest
     * first; only names made for this very database count. Throws when the server cannot be asked.
     */
    List<SetAside> setAside() throws IOException;

    /**
     * Drops {@code database}, one that {@link #setAside} listed, and returns true; dropping a missing one
     * is not an error. Returns false, leaving it, when it has sessions: a restore may still be loading
     * into it or someone is reading it. Never ends sessions; refuses (throws) any name that is not a
     * set-aside database of the source.
     */
    boolean drop(SetAside database) throws IOException;
}
