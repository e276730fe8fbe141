package dev.backstop.engine;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests: initdb into a temp folder, scram password auth for one
 * superuser, listening on a free port of 127.0.0.1; started once per JVM, stopped at its exit.
 */
public final class PostgresServer {

    public static final String USER = "backstop_admin";
    public static final String PASSWORD = "Pg-s3cret-7731";
    private static final String BIN = System.getenv().getOrDefault("BACKSTOP_TEST_PG_BIN", "/usr/lib/postgresql/15/bin");
    private static PostgresServer running;

    private final Path root;
    private final int port;

    private PostgresServer(Path root, int port) {
        this.root = root;
        this.port = port;
    }

    /** The shared server, started on first use. */
    public static synchronized PostgresServer shared() {
        if (running == null) {
            try {
                running = start();
            } catch (IOException | InterruptedException failed) {
                throw new IllegalStateException("cannot start the test PostgreSQL server: " + failed.getMessage(), failed);
            }
        }
        return running;
    }

    public int port() {
        return port;
    }

    /** Creates an empty database named {@code prefix} and a random suffix, and returns its name. */
    public String freshDatabase(String prefix) {
        String name = prefix + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        sql("postgres", "CREATE DATABASE " + name);
        return name;
    }

    /** A URL for {@code database} without password. */
    public String url(String database) {
        return "postgresql://" + USER + "@127.0.0.1:" + port + "/" + database;
    }

    /** Runs SQL as the superuser in {@code database} and returns psql's unaligned output. */
    public String sql(String database, String sql) {
        try {
            ProcessBuilder builder = new ProcessBuilder(BIN + "/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                    "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", USER, "-d", database, "-c", sql);
            builder.environment().put("PGPASSWORD", PASSWORD);
            builder.redirectErrorStream(true);
            Process psql = builder.start();
            String output = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (psql.waitFor() != 0) {
                throw new IllegalStateException("psql failed: " + output);
            }
            return output;
        } catch (IOException | InterruptedException failed) {
            throw new IllegalStateException(failed);
        }
    }

    /** Starts psql running {@code sql} in {@code database} as the superuser and leaves it running; the caller ends it. */
    public Process startSession(String database, String sql) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(BIN + "/psql", "-X", "-q", "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-U", USER, "-d", database, "-c", sql);
        builder.environment().put("PGPASSWORD", PASSWORD);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return builder.start();
    }

    /** Names of all databases on the server. */
    public List<String> databases() {
        return List.of(sql("postgres", "SELECT datname FROM pg_database ORDER BY 1").split("\n"));
    }

    private static PostgresServer start() throws IOException, InterruptedException {
        Path root = Files.createTempDirectory("backstop-pg-");
        Path data = root.resolve("data");
        Path passwordFile = root.resolve("pwfile");
        Files.writeString(passwordFile, PASSWORD + "\n");
        boolean root_user = "root".equals(System.getProperty("user.name"));
        if (root_user) {
            run(List.of("chown", "-R", "postgres:postgres", root.toString()));
        }
        int port = freePort();
        run(asServer(root_user, List.of(BIN + "/initdb", "-D", data.toString(), "-U", USER, "--auth=scram-sha-256",
                "--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C", "--no-sync")));
        Files.writeString(data.resolve("postgresql.auto.conf"), "listen_addresses = '127.0.0.1'\nport = " + port
                + "\nunix_socket_directories = '" + root + "'\nfsync = off\nsynchronous_commit = off\n"
                + "full_page_writes = off\nmax_connections = 50\n", java.nio.file.StandardOpenOption.APPEND);
        run(asServer(root_user, List.of(BIN + "/pg_ctl", "-D", data.toString(), "-l", root.resolve("server.log").toString(),
                "-w", "-t", "60", "start")));
        PostgresServer server = new PostgresServer(root, port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(root_user, data)));
        return server;
    }

    private void stop(boolean rootUser, Path data) {
        try {
            run(asServer(rootUser, List.of(BIN + "/pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop")));
        } catch (IOException | InterruptedException | IllegalStateException ignored) {
            // The JVM is exiting; the temp folder is removed below either way.
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException ignored) {
            // Leftovers in the temp folder are harmless.
        }
    }

    private static List<String> asServer(boolean rootUser, List<String> command) {
        if (!rootUser) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.directory(Path.of("/").toFile());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
