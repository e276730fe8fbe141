package dev.backstop.pipeline;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Turns a failure into a short reason for the catalog, the audit log and people. */
public final class Failures {

    private Failures() {
    }

    public static String describe(Throwable failure) {
        if (failure instanceof NoSuchFileException missing) {
            return "file not found: " + missing.getFile();
        }
        if (failure instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            message = failure.getClass().getSimpleName();
        }
        return message.replaceAll("\\s+", " ").trim();
    }
}
