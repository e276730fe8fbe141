package dev.backstop.pipeline;

import java.io.IOException;

/** Bytes read back differ from the size or SHA-256 recorded when they were written. */
final class ChecksumMismatchException extends IOException {
    ChecksumMismatchException(String message) {
        super(message);
    }
}
