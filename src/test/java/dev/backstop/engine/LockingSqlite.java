package dev.backstop.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real {@code sqlite3} process that holds {@code BEGIN EXCLUSIVE} on a database until released or closed. */
public final class LockingSqlite implements AutoCloseable {

    private final Process process;
    private final Writer stdin;

    private LockingSqlite(Process process) {
        this.process = process;
        this.stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts sqlite3 on {@code database} and returns once it holds the exclusive lock. */
    public static LockingSqlite hold(Path database) throws IOException {
        Process process = new ProcessBuilder("sqlite3", database.toString()).redirectErrorStream(true).start();
        LockingSqlite lock = new LockingSqlite(process);
        lock.stdin.write("BEGIN EXCLUSIVE;\nSELECT 'locked';\n");
        lock.stdin.flush();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"locked".equals(line)) {
            process.destroyForcibly();
            throw new IOException("sqlite3 did not take the lock: " + line);
        }
        return lock;
    }

    /** Commits, so the lock is gone when this returns. */
    public void release() throws IOException, InterruptedException {
        stdin.write("COMMIT;\n.quit\n");
        stdin.flush();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
