package dev.backstop.core;

import java.io.IOException;

/**
 * The capability of engines that restore only into a database that does not exist yet, never over
 * one in place. A restore asks before it downloads anything and refuses an existing target.
 */
public interface NewTargetOnly {

    /** True when {@code target} already holds a database. Throws when that cannot be asked. */
    boolean exists(String target) throws IOException;
}
