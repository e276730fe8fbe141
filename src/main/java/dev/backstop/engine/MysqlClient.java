package dev.backstop.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the MySQL or MariaDB client tools ({@code mariadb}/{@code mysql}, {@code mariadb-dump}/{@code mysqldump}).
 * The user, host, port and password go to the tool in an options file of mode 600 that is deleted when
 * the tool ends ({@code --defaults-extra-file}), never on its command line.
 */
final class MysqlClient {

    static final String CLIENT = "client";
    static final String DUMP = "dump";

    private final String password;
    private final Path workDir;

    MysqlClient(String password, Path workDir) {
        this.password = password == null ? "" : password;
        this.workDir = workDir;
    }

    /** The same client with {@code other} as password when it is not empty. */
    MysqlClient withPassword(String other) {
        return other == null || other.isEmpty() ? this : new MysqlClient(other, workDir);
    }

    /** A running tool and the options file it reads, removed on close. */
    static final class Run implements AutoCloseable {
        final ChildProcess process;
        private final Path options;

        private Run(ChildProcess process, Path options) {
            this.process = process;
            this.options = options;
        }

        @Override
        public void close() throws IOException {
            try {
                process.close();
            } finally {
                Files.deleteIfExists(options);
            }
        }
    }

    /** Starts the {@code kind} tool ({@link #CLIENT} or {@link #DUMP}) for {@code url}, with {@code arguments}. */
    Run start(String kind, MysqlUrl url, List<String> arguments) throws IOException {
        Files.createDirectories(workDir);
        Path options = Files.createTempFile(workDir, ".backstop-mysql-", ".cnf",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(options, optionsFile(url));
            List<String> command = new ArrayList<>();
            command.add(tool(kind));
            command.add("--defaults-extra-file=" + options);
            command.addAll(arguments);
            return new Run(ChildProcess.start(command, Map.of("LC_ALL", "C"), workDir), options);
        } catch (IOException | RuntimeException failed) {
            Files.deleteIfExists(options);
            throw failed;
        }
    }

    private String optionsFile(MysqlUrl url) {
        StringBuilder text = new StringBuilder("[client]\n");
        text.append("user=").append(quoted(url.user())).append('\n');
        text.append("host=").append(quoted(url.host())).append('\n');
        text.append("port=").append(url.port()).append('\n');
        if (!url.socket().isEmpty()) {
            text.append("socket=").append(quoted(url.socket())).append('\n');
            text.append("protocol=SOCKET\n");
        } else {
            text.append("protocol=TCP\n");
        }
        text.append("default-character-set=utf8mb4\n");
        if (!password.isEmpty()) {
            text.append("password=").append(quoted(password)).append('\n');
        }
        return text.toString();
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /**
     * Runs {@code sql} in {@code url}'s database (none when empty), stopping at the first error, and
     * returns the rows, each a list of fields ({@code NULL} for SQL null). Throws with one line when it fails.
     */
    List<List<String>> query(MysqlUrl url, String sql) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--batch", "--skip-column-names"));
        if (!url.database().isEmpty()) {
            arguments.add("--database=" + url.database());
        }
        String output;
        try (Run run = start(CLIENT, url, arguments)) {
            try (OutputStream stdin = run.process.stdin()) {
                stdin.write(sql.getBytes(StandardCharsets.UTF_8));
            } catch (IOException gone) {
                // The client quit before reading the script; its status and stderr say why.
            }
            output = new String(run.process.stdout().readAllBytes(), StandardCharsets.UTF_8);
            if (run.process.waitFor() != 0) {
                throw new IOException(failure(run.process, url));
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isEmpty()) {
                List<String> fields = new ArrayList<>();
                for (String field : line.split("\t", -1)) {
                    fields.add(unescape(field));
                }
                rows.add(fields);
            }
        }
        return rows;
    }

    /** Undoes the client's batch escapes: {@code \n}, {@code \t}, {@code \0} and {@code \\}. */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int index = 0; index < field.length(); index++) {
            char c = field.charAt(index);
            if (c == '\\' && index + 1 < field.length()) {
                char next = field.charAt(++index);
                out.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case '0' -> '\0';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** What the {@code kind} tool's {@code --version} prints. */
    String version(String kind) throws IOException {
        try (ChildProcess run = ChildProcess.start(List.of(tool(kind), "--version"), Map.of("LC_ALL", "C"), workDir)) {
            run.stdin().close();
            String printed = new String(run.stdout().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (run.waitFor() != 0) {
                throw new IOException(kind + " --version failed: " + scrub(run.stderr()));
            }
            return printed;
        }
    }

    /** One line that says why {@code run} failed against {@code url}, without the password. */
    String failure(ChildProcess run, MysqlUrl url) {
        List<String> lines = run.stderr().lines().map(String::strip).filter(line -> !line.isEmpty()
                && !line.startsWith("Warning") && !line.contains("Using a password")).toList();
        String last = lines.isEmpty() ? "exited with an error" : lines.get(lines.size() - 1);
        return run.program() + " failed on " + url.withoutPassword() + ": " + scrub(last);
    }

    /** Removes the password from any text about this client's work. */
    String scrub(String text) {
        String cleaned = dev.backstop.core.Redaction.secrets(text);
        return password.isEmpty() ? cleaned : cleaned.replace(password, "***");
    }

    /** The first of the MariaDB and MySQL names of a tool that is on the PATH. */
    private static String tool(String kind) throws IOException {
        List<String> names = kind.equals(DUMP) ? List.of("mariadb-dump", "mysqldump") : List.of("mariadb", "mysql");
        for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            for (String name : names) {
                Path candidate = Path.of(directory.isEmpty() ? "." : directory, name);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new IOException("cannot find " + String.join(" or ", names) + " on the PATH; install the MariaDB or"
                + " MySQL client tools (package mariadb-client)");
    }
}
