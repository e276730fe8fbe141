package dev.backstop.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the PostgreSQL client programs: first on PATH, then in the newest /usr/lib/postgresql/N/bin. */
final class PostgresTools {

    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

    private PostgresTools() {
    }

    /** The path of {@code program} (psql, pg_dump, pg_restore), or just its name when none is found. */
    static String find(String program) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String folder : path.split(java.io.File.pathSeparator)) {
                if (!folder.isEmpty()) {
                    Path candidate = Path.of(folder, program);
                    if (Files.isExecutable(candidate)) {
                        return candidate.toString();
                    }
                }
            }
        }
        return versionedFolders().stream()
                .map(folder -> folder.resolve("bin").resolve(program))
                .filter(Files::isExecutable)
                .findFirst()
                .map(Path::toString)
                .orElse(program);
    }

    private static List<Path> versionedFolders() {
        if (!Files.isDirectory(DEBIAN_ROOT)) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(DEBIAN_ROOT)) {
            List<Path> found = new ArrayList<>(folders.filter(folder -> major(folder).isPresent()).toList());
            found.sort(Comparator.comparing((Path folder) -> major(folder).orElse(0.0)).reversed());
            return found;
        } catch (IOException unreadable) {
            return List.of();
        }
    }

    private static Optional<Double> major(Path folder) {
        try {
            return Optional.of(Double.parseDouble(folder.getFileName().toString()));
        } catch (NumberFormatException notVersion) {
            return Optional.empty();
        }
    }
}
