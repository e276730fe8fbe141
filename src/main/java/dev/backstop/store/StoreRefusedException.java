package dev.backstop.store;

import java.io.IOException;

/** Thrown when the store answered and refused, such as for wrong credentials: trying again cannot help. */
final class StoreRefusedException extends IOException {
    StoreRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
