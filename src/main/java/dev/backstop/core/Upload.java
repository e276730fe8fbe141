package dev.backstop.core;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * An object being written. Bytes go to {@link #stream()}; nothing is visible under the key
 * until {@link #commit()} returns. {@link #close()} without a commit aborts and leaves nothing.
 */
public interface Upload extends Closeable {

    /** The stream to write the object's bytes to. Closing it does not commit. */
    OutputStream stream();

    /** Makes the object visible under its key, whole, or throws and leaves nothing. */
    void commit() throws IOException;

    /** Discards what was written. Safe to call more than once and after a failed commit. */
    void abort();

    @Override
    default void close() {
        abort();
    }
}
