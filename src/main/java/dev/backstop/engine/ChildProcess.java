package dev.backstop.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A running PostgreSQL client program: its stderr is drained on a thread (tail kept for errors),
 * and closing it kills the program if it still runs, so no child outlives a failed step.
 */
final class ChildProcess implements AutoCloseable {

    private final String program;
    private final Process process;
    private final StderrTail stderr;
    private final Thread drain;

    private ChildProcess(String program, Process process) {
        this.program = program;
        this.process = process;
        this.stderr = new StderrTail(process.getErrorStream());
        this.drain = new Thread(stderr, "backstop-" + program + "-stderr");
        this.drain.setDaemon(true);
        this.drain.start();
    }

    /**
     * Starts {@code command} in {@code directory} with {@code environment} added to this process's own;
     * a variable mapped to null is removed instead.
     */
    static ChildProcess start(List<String> command, Map<String, String> environment, Path directory)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        if (directory != null) {
            java.nio.file.Files.createDirectories(directory);
            builder.directory(directory.toFile());
        }
        String program = Path.of(command.get(0)).getFileName().toString();
        try {
            return new ChildProcess(program, builder.start());
        } catch (IOException missing) {
            throw new IOException("cannot run " + command.get(0) + ": " + missing.getMessage()
                    + "; install the PostgreSQL client tools (package postgresql-client)", missing);
        }
    }

    String program() {
        return program;
    }

    /** The operating system's id of the program. */
    long pid() {
        return process.pid();
    }

    OutputStream stdin() {
        return process.getOutputStream();
    }

    InputStream stdout() {
        return process.getInputStream();
    }

    /** Waits for the program to end and for its stderr to be drained; returns the exit status. */
    int waitFor() throws IOException {
        try {
            int status = process.waitFor();
            drain.join();
            return status;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new InterruptedIOException(program + " was interrupted");
        }
    }

    /** The end of what the program wrote to stderr. */
    String stderr() {
        return stderr.text();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // The pipe is already broken; the program is being killed.
        }
        try {
            process.waitFor();
            drain.join(5_000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
