package dev.backstop.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.wiring.Wiring;
import dev.backstop.TestWorld;
import dev.backstop.cli.BackstopCli;
import dev.backstop.services.Services;
import dev.backstop.config.ConfigLoader;
import dev.backstop.core.BackupRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite Cloud databases through the real pipeline and CLI (download, check, zstd, age, local store, catalog)
 * against the Weblite stand-in: backup, verify, restore in place and into a new database, a drill, the stock
 * path, a failed in-place upload put back, one-line errors, and the api_key in none of what Backstop writes.
 */
class SqliteCloudPipelineTest {

    private static final String KEY = "sqc-Key-7Hq2vLm9Xr41";

    @TempDir
    Path home;

    private TestWorld world;
    private SqliteCloudStandIn cloud;
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final StringBuilder printed = new StringBuilder();
    private PrintStream systemErr;

    private record CliRun(int status, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        world = new TestWorld(home);
        cloud = new SqliteCloudStandIn(home.resolve("cloud"), KEY);
        SqliteCloudEngineContractTest.sql(cloud.file("games.sqlite"), "CREATE TABLE players (id INTEGER PRIMARY KEY,"
                + " name TEXT NOT NULL);"
                + "CREATE TABLE scores (id INTEGER PRIMARY KEY, player INTEGER NOT NULL REFERENCES players (id), points INT);"
                + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12)"
                + " INSERT INTO players SELECT i, 'player ' || i FROM n;"
                + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
                + " INSERT INTO scores SELECT i, 1 + i % 12, i * 10 FROM n;"
                + "CREATE INDEX scores_by_player ON scores (player)");
        systemErr = System.err;
        System.setErr(new PrintStream(new TeeStream(systemErr, logs), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setErr(systemErr);
        cloud.close();
    }

    private void config(String database, String extra) throws IOException {
        Files.writeString(home.resolve("backstop.yml"), """
                catalog: ./catalog.db
                storage: { type: local, path: ./backups }
                encryption:
                  recipients: [%s]
                  identity_file: ./age.key
                databases:
                  games:
                    engine: sqlitecloud
                    url: %s
                    database: %s
                    api_key: ${SQLITECLOUD_API_KEY}
                """.formatted(world.key.recipient(), cloud.url(), database) + extra);
    }

    private CliRun cliWithKey(String key, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = Stream.concat(Stream.of("--config", home.resolve("backstop.yml").toString()), Stream.of(args))
                .toArray(String[]::new);
        int status = BackstopCli.run(file -> Wiring.services(new ConfigLoader(Map.of("SQLITECLOUD_API_KEY", key),
                Engines.ALL).load(file), Clock.systemUTC()), new PrintWriter(out, true), new PrintWriter(err, true), all);
        printed.append(out).append(err);
        return new CliRun(status, out.toString(), err.toString());
    }

    private CliRun cli(String... args) {
        return cliWithKey(KEY, args);
    }

    private Map<String, Long> counts(String database) throws Exception {
        return TestWorld.rowCounts(cloud.file(database));
    }

    @Test
    void backup_verify_restore_and_drill_round_trip_and_the_key_is_nowhere_backstop_writes() throws Exception {
        config("games.sqlite", """
                    drill:
                      required_tables: [scores, players]
                      queries: ["SELECT count(*) FROM scores WHERE points > 0"]
                """);
        Map<String, Long> original = Map.of("players", 12L, "scores", 300L);

        CliRun backup = cli("backup", "games");
        assertEquals(0, backup.status(), backup.err());
        assertEquals(0, cli("verify", "games", "latest").status());
        SqliteCloudEngineContractTest.sql(cloud.file("games.sqlite"), "DELETE FROM scores WHERE id > 100");
        CliRun inPlace = cli("restore", "games", "latest");
        assertEquals(0, inPlace.status(), inPlace.err());
        assertEquals(original, counts("games.sqlite"));
        CliRun copy = cli("restore", "games", "latest", "--to", "sqlitecloud://127.0.0.1:" + port() + "/copy.sqlite");
        assertEquals(0, copy.status(), copy.err());
        assertEquals(original, counts("copy.sqlite"));
        CliRun drill = cli("drill", "games");
        assertEquals(0, drill.status(), drill.out() + drill.err());

        try (Stream<Path> files = Files.list(home.resolve("cloud"))) {
            assertEquals(List.of("copy.sqlite", "games.sqlite"), files.map(file -> file.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).sorted().toList(), "the drill's scratch database is deleted");
        }
        assertTrue(cloud.requests().stream().anyMatch(line -> line.startsWith("DELETE /v2/weblite/drill-")));
        assertTrue(cloud.requests().contains("PATCH /v2/weblite/games.sqlite"));
        assertTrue(cloud.requests().contains("POST /v2/weblite/copy.sqlite"));
        assertStockPathRestores(original);
        assertKeyIsNowhere();
    }

    /** {@code age -d -i key OBJ | zstd -d > games.sqlite} gives the database back. */
    private void assertStockPathRestores(Map<String, Long> original) throws Exception {
        BackupRecord backup;
        try (Services services = Wiring.services(new ConfigLoader(Map.of("SQLITECLOUD_API_KEY", KEY), Engines.ALL)
                .load(home.resolve("backstop.yml")), Clock.systemUTC())) {
            backup = services.catalog().latestSucceeded("games").orElseThrow();
        }
        Path restored = home.resolve("stock.sqlite");
        Process shell = new ProcessBuilder("sh", "-c", "age -d -i \"$1\" \"$2\" | zstd -d > \"$3\"", "stock",
                world.identityFile.toString(), home.resolve("backups").resolve(backup.objectKey()).toString(),
                restored.toString()).redirectErrorStream(true).start();
        String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, shell.waitFor(), output);
        assertEquals(original, TestWorld.rowCounts(restored));
    }

    private void assertKeyIsNowhere() throws IOException {
        assertFalse(printed.toString().contains(KEY), "CLI output");
        assertFalse(logs.toString(StandardCharsets.UTF_8).contains(KEY), "logs");
        assertTrue(cloud.requests().stream().noneMatch(line -> line.contains(KEY)), "request URLs");
        for (Path folder : List.of(home.resolve("backups"), home)) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.filter(Files::isRegularFile).filter(file -> !file.startsWith(home.resolve("cloud")))
                        .toList()) {
                    assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(KEY),
                            file + " holds the api_key");
                }
            }
        }
        try (Stream<Path> left = Files.list(home.resolve("work"))) {
            assertEquals(List.of(), left.toList(), "downloads and uploads are deleted");
        }
    }

    @Test
    void a_failed_in_place_upload_puts_the_database_back_as_it_was() throws Exception {
        config("games.sqlite", "");
        assertEquals(0, cli("backup", "games").status());
        SqliteCloudEngineContractTest.sql(cloud.file("games.sqlite"), "INSERT INTO players VALUES (99, 'after the backup')");
        byte[] before = Files.readAllBytes(cloud.file("games.sqlite"));
        cloud.failNextUpload();

        CliRun restore = cli("restore", "games", "latest");

        assertEquals(1, restore.status());
        assertEquals(1, restore.err().strip().lines().count(), restore.err());
        assertTrue(restore.err().contains("HTTP 500") && restore.err().contains("was put back as it was"), restore.err());
        assertFalse(restore.err().contains(KEY));
        assertEquals(2, cloud.requests().stream().filter(line -> line.equals("PATCH /v2/weblite/games.sqlite")).count());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(cloud.file("games.sqlite"))), "the database is as it was");
        assertEquals(Map.of("players", 13L, "scores", 300L), counts("games.sqlite"));
        try (Stream<Path> left = Files.list(home.resolve("work"))) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void a_wrong_key_and_a_wrong_name_are_one_line_naming_the_status_and_what_to_check() throws Exception {
        config("games.sqlite", "");
        String wrong = "sqc-Wrong-Key-5521";
        CliRun refused = cliWithKey(wrong, "backup", "games");
        assertEquals(1, refused.status());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        assertTrue(refused.err().contains("HTTP 401") && refused.err().contains("api_key"), refused.err());
        assertFalse(refused.err().contains(wrong), refused.err());

        config("gmaes.sqlite", "");
        CliRun missing = cli("backup", "games");
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("check the database name"), missing.err());
        assertFalse(printed.toString().contains(wrong) || printed.toString().contains(KEY), printed.toString());
        assertFalse(logs.toString(StandardCharsets.UTF_8).contains(wrong));
    }

    @Test
    void a_target_in_another_project_is_refused_before_anything_is_downloaded() throws Exception {
        config("games.sqlite", "");
        assertEquals(0, cli("backup", "games").status());
        int before = cloud.requests().size();
        CliRun refused = cli("restore", "games", "latest", "--to", "sqlitecloud://other.sqlite.cloud/games.sqlite");
        assertEquals(1, refused.status());
        assertTrue(refused.err().contains("another SQLite Cloud project"), refused.err());
        assertEquals(before, cloud.requests().size());
    }

    private int port() {
        return Integer.parseInt(cloud.url().substring(cloud.url().lastIndexOf(':') + 1));
    }

    /** Writes to two streams, so the test sees what went to the console. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        TeeStream(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int value) throws IOException {
            first.write(value);
            second.write(value);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }
    }

    @Test
    void chat_backs_up_and_restores_into_a_listed_new_database_for_an_operator_only() throws Exception {
        String copy = "sqlitecloud://127.0.0.1:" + port() + "/chatcopy.sqlite";
        config("games.sqlite", """
                    restore_targets: ["%s"]
                slack:
                  approvers: [U1, U2]
                """.formatted(copy));
        try (Services services = Wiring.services(new ConfigLoader(Map.of("SQLITECLOUD_API_KEY", KEY), Engines.ALL)
                .load(home.resolve("backstop.yml")), Clock.systemUTC())) {
            dev.backstop.chat.ChatCommands chat = new dev.backstop.chat.ChatCommands(services);
            dev.backstop.chat.Reply refused = (dev.backstop.chat.Reply) chat.handle(
                    new dev.backstop.chat.ChatRequest("/backup", "games", "U7", "C1"));
            assertTrue(refused.text().startsWith(":no_entry: "), refused.text());

            dev.backstop.chat.Job backup = (dev.backstop.chat.Job) chat.handle(
                    new dev.backstop.chat.ChatRequest("/backup", "games", "U1", "C1"));
            String done = backup.work().run(dev.backstop.core.Progress.NONE).text();
            assertTrue(done.contains("Backup of *games* done"), done);

            dev.backstop.chat.Confirmation restore = (dev.backstop.chat.Confirmation) chat.handle(
                    new dev.backstop.chat.ChatRequest("/restore", "games latest --to " + copy, "U1", "C1"));
            String restored = restore.job().work().run(dev.backstop.core.Progress.NONE).text();
            assertTrue(restored.contains("integrity and row counts checked"), restored);
        }
        assertEquals(counts("games.sqlite"), counts("chatcopy.sqlite"));
        assertFalse(printed.toString().contains(KEY));
    }
}
