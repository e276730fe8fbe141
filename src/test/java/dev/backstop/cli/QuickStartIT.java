package dev.backstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quick start, run against the packaged jar exactly as a new user would run it. */
class QuickStartIT {

    @TempDir
    Path dir;

    private String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-jar", Path.of("target/backstop.jar").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, process.exitValue(), String.join(" ", args) + " failed: " + output);
        return output;
    }

    @Test
    void init_backup_list_verify_and_restore_run_from_the_jar() throws Exception {
        run("init", "--demo");
        String backup = run("backup", "app");
        String id = backup.lines().filter(line -> line.matches("\\d{8}T\\d{9}Z-[0-9a-f]{4}")).findFirst().orElseThrow();
        assertTrue(run("list", "app").contains(id));
        assertTrue(run("verify", "app", id).startsWith("ok " + id));
        run("restore", "app", "latest", "--to", "restored.db");
        assertTrue(Files.size(dir.resolve("restored.db")) > 0);
        assertTrue(run("status").contains("fresh"));
    }
}
