package dev.backstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.wiring.Wiring;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `verify DB --all` checks every kept backup: one line each, a summary, exit 1 when any failed. */
class VerifyAllTest {

    @TempDir
    Path dir;

    record Result(int status, String out, String err) {
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = Stream.concat(Stream.of("--config", dir.resolve("backstop.yml").toString()), Stream.of(args))
                .toArray(String[]::new);
        int status = BackstopCli.run(Wiring::services, new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Result(status, out.toString(), err.toString());
    }

    @BeforeEach
    void world() throws Exception {
        TestWorld world = new TestWorld(dir, false);
        world.createDatabase(100);
        world.writeConfigFile(false);
    }

    @Test
    void every_kept_backup_gets_a_line_and_the_summary_counts_them() {
        String first = run("backup", "app").out().trim();
        String second = run("backup", "app", "--label", "v2").out().trim();

        Result verify = run("verify", "app", "--all");

        assertEquals(0, verify.status(), verify.err());
        List<String> lines = verify.out().lines().toList();
        assertEquals(3, lines.size(), verify.out());
        assertTrue(lines.get(0).startsWith("ok " + second + ": ") && lines.get(0).endsWith("(label v2)"), lines.get(0));
        assertTrue(lines.get(1).startsWith("ok " + first + ": "), lines.get(1));
        assertEquals("verified 2 backups of app: 2 ok, 0 failed", lines.get(2));
    }

    @Test
    void a_damaged_backup_fails_its_line_and_the_exit_status_but_the_others_are_still_checked() throws Exception {
        String damaged = run("backup", "app").out().trim();
        String good = run("backup", "app").out().trim();
        Path object;
        try (Stream<Path> files = Files.walk(dir.resolve("backups"))) {
            object = files.filter(file -> file.getFileName().toString().equals(damaged + ".zst.age")).findFirst()
                    .orElseThrow();
        }
        Files.write(object, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);

        Result verify = run("verify", "app", "--all");

        assertEquals(1, verify.status());
        List<String> lines = verify.out().lines().toList();
        assertEquals(3, lines.size(), verify.out());
        assertTrue(lines.get(0).startsWith("ok " + good + ": "), lines.get(0));
        assertTrue(lines.get(1).startsWith("FAILED " + damaged + ": "), lines.get(1));
        assertEquals("verified 2 backups of app: 1 ok, 1 failed", lines.get(2));
        assertEquals(1, verify.err().trim().lines().count(), verify.err());
        assertTrue(verify.err().startsWith("backstop: 1 of 2 backups of app failed verification;"), verify.err());
    }

    @Test
    void verify_needs_an_id_or_all_but_not_both() {
        run("backup", "app");
        assertEquals(2, run("verify", "app").status());
        assertEquals(2, run("verify", "app", "latest", "--all").status());
        assertEquals(0, run("verify", "app", "latest").status());
    }
}
