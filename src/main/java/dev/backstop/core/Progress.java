package dev.backstop.core;

/**
 * Receives progress of long work: the current stage and the bytes done in it so far; {@code bytesDone}
 * is -1 for a stage that moves no bytes, such as waiting for a lock.
 */
@FunctionalInterface
public interface Progress {

    /** Progress that goes nowhere. */
    Progress NONE = (stage, bytes) -> { };

    void report(String stage, long bytesDone);
}
