package dev.backstop.engine;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real MariaDB server for tests, started once per test run under a temp folder (data directory,
 * socket) on a free port of 127.0.0.1, with a password user {@link #USER}; stopped when the JVM exits.
 */
public final class MariaDbServer {

    public static final String USER = "backstop";
    public static final String PASSWORD = "Maria-s3cret-4417";
    private static MariaDbServer running;

    private final Path root;
    private final int port;
    private final Process server;

    private MariaDbServer(Path root, int port, Process server) {
        this.root = root;
        this.port = port;
        this.server = server;
    }

    /** The shared server, started on first use. */
    public static synchronized MariaDbServer shared() {
        if (running == null) {
            try {
                running = start();
            } catch (IOException | InterruptedException failed) {
                throw new IllegalStateException("cannot start the test MariaDB server: " + failed.getMessage(), failed);
            }
        }
        return running;
    }

    public int port() {
        return port;
    }

    /** A URL for {@code database} without password. */
    public String url(String database) {
        return "mysql://" + USER + "@127.0.0.1:" + port + "/" + database;
    }

    /** The client options file that reaches the server as root over its socket (mode 600, no password). */
    public Path rootOptions() {
        return root.resolve("root.cnf");
    }

    /** Runs SQL as root (in {@code database} when not empty) and returns the batch output without column names. */
    public String sql(String database, String sql) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("mariadb", "--defaults-extra-file=" + rootOptions(),
                    "--batch", "--skip-column-names"));
            if (!database.isEmpty()) {
                command.add("--database=" + database);
            }
            Process client = new ProcessBuilder(command).redirectErrorStream(true).start();
            client.getOutputStream().write(sql.getBytes(StandardCharsets.UTF_8));
            client.getOutputStream().close();
            String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (client.waitFor() != 0) {
                throw new IllegalStateException("mariadb failed: " + output);
            }
            return output;
        } catch (IOException | InterruptedException failed) {
            throw new IllegalStateException(failed);
        }
    }

    /** Names of all databases on the server. */
    public List<String> databases() {
        return List.of(sql("", "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY 1").split("\n"));
    }

    private static MariaDbServer start() throws IOException, InterruptedException {
        Path root = Files.createTempDirectory("backstop-mariadb-");
        Path data = root.resolve("data");
        Path socket = root.resolve("mysqld.sock");
        run(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + data, "--auth-root-authentication-method=normal",
                "--skip-test-db", "--user=root"), root.resolve("install.log"));
        int port = freePort();
        Process server = new ProcessBuilder("mariadbd", "--no-defaults", "--datadir=" + data, "--socket=" + socket,
                "--bind-address=127.0.0.1", "--port=" + port, "--user=root", "--skip-grant-tables=0",
                "--innodb-flush-log-at-trx-commit=0", "--innodb-buffer-pool-size=32M", "--skip-log-bin",
                "--pid-file=" + root.resolve("mysqld.pid"), "--log-error=" + root.resolve("server.log"))
                .redirectErrorStream(true).redirectOutput(root.resolve("server.out").toFile()).start();
        Files.writeString(root.resolve("root.cnf"), "[client]\nuser=root\nsocket=" + socket + "\nprotocol=SOCKET\n");
        MariaDbServer started = new MariaDbServer(root, port, server);
        Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                started.sql("", "CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "';"
                        + "GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'%' WITH GRANT OPTION;");
                return started;
            } catch (IllegalStateException notYet) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("mariadbd did not start: " + Files.readString(root.resolve("server.log")));
                }
                Thread.sleep(100); // polling a starting server: there is no event to wait on
            }
        }
    }

    private void stop() {
        server.destroy();
        try {
            server.waitFor();
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException ignored) {
            // Leftovers in the temp folder are harmless.
        }
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + Files.readString(log));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
