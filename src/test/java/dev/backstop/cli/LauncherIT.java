package dev.backstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged launcher target/backstop: it passes arguments through untouched, trains its class archive on the
 * first real command into a private folder and maps it afterwards, and skips an archive it cannot trust.
 */
class LauncherIT {

    @TempDir
    Path dir;

    private Path work() throws IOException {
        return Files.createDirectories(dir.resolve("with space"));
    }

    private Path cache() {
        return dir.resolve("cache");
    }

    private String run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of("target/backstop").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work().toFile()).redirectErrorStream(true);
        builder.environment().put("BACKSTOP_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.environment().put("BACKSTOP_CACHE_DIR", cache().toString());
        builder.environment().put("JAVA_OPTS", "-Xmx64m");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, process.exitValue(), String.join(" ", args) + " failed: " + output);
        return output;
    }

    private List<Path> archives() throws IOException {
        if (!Files.isDirectory(cache())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache())) {
            return files.filter(file -> file.toString().endsWith(".jsa")).toList();
        }
    }

    /** Runs `list app` with class loading logged, and says whether any class came from the launcher's archive. */
    private boolean listMapsTheArchive(String config) throws Exception {
        Path log = dir.resolve("classes.txt");
        Files.deleteIfExists(log);
        run(Map.of("JAVA_OPTS", "-Xmx64m -Xlog:class+load:file=" + log), "--config", config, "list", "app");
        return Files.readString(log).contains("shared objects file (top)");
    }

    @Test
    void the_first_backup_trains_the_archive_in_a_private_folder_and_later_commands_map_it() throws Exception {
        run(Map.of(), "init", "--demo");
        String config = work().resolve("backstop.yml").toString();
        assertEquals(List.of(), archives(), "init does not train the archive");
        String id = run(Map.of(), "--config", config, "backup", "app").lines()
                .filter(line -> line.matches("\\d{8}T\\d{9}Z-[0-9a-f]{4}")).findFirst().orElseThrow();
        assertEquals(1, archives().size());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache())));
        assertTrue(run(Map.of(), "--config", config, "list", "app").contains(id), "arguments with a blank pass through");
        assertTrue(listMapsTheArchive(config));
        assertTrue(run(Map.of("BACKSTOP_CDS", "0"), "--config", config, "list", "app").contains(id));
    }

    @Test
    void a_truncated_archive_is_skipped_and_written_again() throws Exception {
        run(Map.of(), "init", "--demo");
        String config = work().resolve("backstop.yml").toString();
        run(Map.of(), "--config", config, "backup", "app");
        Path archive = archives().get(0);
        byte[] whole = Files.readAllBytes(archive);
        archive.toFile().setWritable(true);
        Files.write(archive, java.util.Arrays.copyOf(whole, whole.length / 3));
        run(Map.of(), "--config", config, "list", "app");
        assertEquals(1, archives().size());
        assertTrue(listMapsTheArchive(config), "the archive was written again and is mapped");
    }

    @Test
    void a_cache_folder_others_may_write_gets_no_archive() throws Exception {
        run(Map.of(), "init", "--demo");
        String config = work().resolve("backstop.yml").toString();
        Files.createDirectories(cache());
        Files.setPosixFilePermissions(cache(), PosixFilePermissions.fromString("rwxrwxrwx"));
        run(Map.of(), "--config", config, "backup", "app");
        assertEquals(List.of(), archives());
        assertTrue(!listMapsTheArchive(config));
    }
}
