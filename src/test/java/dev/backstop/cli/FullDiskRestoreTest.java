package dev.backstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.catalog.Catalog;
import dev.backstop.core.AuditEntry;
import dev.backstop.wiring.Wiring;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore into an existing database on a file system that fills up during the copy-in: a real
 * 8 MiB tmpfs, with room for the restore's temp file but not for the copy. The restore must fail
 * in one line and leave the target as it was.
 */
class FullDiskRestoreTest {

    @TempDir
    Path dir;

    private Path small;

    @BeforeEach
    void mountASmallFileSystem() throws Exception {
        small = dir.resolve("small");
        Files.createDirectories(small);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes());
        assertEquals(0, mount.waitFor(), "mounting a tmpfs needs root: " + said);
    }

    @AfterEach
    void unmount() throws Exception {
        Process umount = new ProcessBuilder("umount", small.toString()).redirectErrorStream(true).start();
        umount.getInputStream().readAllBytes();
        assertEquals(0, umount.waitFor());
    }

    @Test
    void a_full_disk_during_the_copy_in_fails_the_restore_and_leaves_the_target_as_it_was() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(40_000);
        world.writeConfigFile(false);
        assertEquals(0, run("backup", "app").status());
        long dumpBytes = Files.size(world.database);
        assertTrue(dumpBytes > 2_500_000 && dumpBytes < 3_500_000, "dump is " + dumpBytes + " bytes");

        Path target = small.resolve("app.db");
        try (Connection connection = TestWorld.open(target); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("CREATE TABLE kept (id INTEGER PRIMARY KEY, name TEXT)");
            statement.execute("INSERT INTO kept (name) VALUES ('one'), ('two'), ('three')");
        }
        Map<String, Long> before = TestWorld.rowCounts(target);
        fillUntilFree(small.resolve("filler"), dumpBytes + dumpBytes / 2);

        Result restore = run("restore", "app", "latest", "--to", target.toString());

        assertEquals(1, restore.status(), restore.out());
        assertEquals("", restore.out());
        assertEquals(1, restore.err().lines().count(), restore.err());
        assertTrue(restore.err().startsWith("backstop: restore of "), restore.err());
        assertTrue(restore.err().contains("copying the backup into " + target + " did not finish: the file system has"),
                restore.err());
        assertTrue(restore.err().endsWith("; the target was left as it was\n"), restore.err());
        assertEquals(before, TestWorld.rowCounts(target));
        assertEquals(Map.of("kept", 3L), before);
        assertEquals("ok", TestWorld.integrityCheck(target));
        try (Stream<Path> files = Files.list(small)) {
            assertEquals(List.of(), files.filter(file -> file.getFileName().toString().startsWith(".backstop-")).toList(),
                    "the temp file is gone");
        }
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            AuditEntry last = catalog.auditLog(20).stream().filter(entry -> entry.action().equals("restore"))
                    .reduce((first, second) -> second).orElseThrow();
            assertEquals("failed", last.outcome());
            assertTrue(last.detail().contains("did not finish"), last.detail());
        }
    }

    /** Writes {@code filler} until the file system has about {@code free} bytes left. */
    private static void fillUntilFree(Path filler, long free) throws IOException {
        long toWrite = Files.getFileStore(filler.getParent()).getUsableSpace() - free;
        byte[] block = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (long written = 0; written < toWrite; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, toWrite - written));
            }
        }
    }

    record Result(int status, String out, String err) {
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 2];
        full[0] = "--config";
        full[1] = dir.resolve("backstop.yml").toString();
        System.arraycopy(args, 0, full, 2, args.length);
        int status = BackstopCli.run(Wiring::services, new PrintWriter(out, true), new PrintWriter(err, true), full);
        return new Result(status, out.toString(), err.toString());
    }
}
