package dev.backstop.core;

import java.io.IOException;

/** Thrown by an {@link ObjectStore} when the named object does not exist. */
public final class ObjectNotFoundException extends IOException {
    public ObjectNotFoundException(ObjectKey key) {
        super("object not found: " + key);
    }
}
