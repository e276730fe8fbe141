package dev.backstop.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code backstop serve} replica as a child JVM: {@code dev.backstop.Main serve --config FILE} in the
 * terminal chat mode (its stdin a pipe kept open, so the chat waits), its output in a log file, and the
 * catalog password only in its environment.
 */
final class ServeReplica implements AutoCloseable {

    private final Process process;
    private final OutputStream stdin;
    private final Path log;

    private ServeReplica(Process process, Path log) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.log = log;
    }

    /** Starts a replica on {@code config}, {@code variable}={@code password} in its environment. */
    static ServeReplica start(Path config, String variable, String password, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx192m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "dev.backstop.Main", "serve", "--config",
                config.toString()));
        builder.environment().put(variable, password);
        builder.directory(config.getParent().toFile());
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return new ServeReplica(builder.start(), log);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** What it printed so far. */
    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** SIGKILL: no shutdown hook, no lock freed, no row ended. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Ends the chat (closing its stdin) and waits for the replica to stop; kills it if it will not. */
    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            try {
                stdin.close();
            } catch (IOException gone) {
                // It died already.
            }
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
