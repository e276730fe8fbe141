package dev.backstop.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How a person runs this very Backstop again from the working directory: {@code java -jar PATH/backstop.jar}. */
final class Launcher {

    private static final String BUILT_JAR = "target/backstop.jar";

    private Launcher() {
    }

    /** The command that starts Backstop with {@code config} (added only when it is not ./backstop.yml). */
    static String command(Path config) {
        Path workingDirectory = Path.of("").toAbsolutePath();
        String withConfig = config.toAbsolutePath().normalize().equals(workingDirectory.resolve("backstop.yml"))
                ? "" : " --config " + shown(config.toAbsolutePath().normalize(), workingDirectory);
        return "java -jar " + shown(jar(), workingDirectory) + withConfig;
    }

    /** The jar these classes were loaded from, or the one {@code mvn package} builds when run from classes. */
    private static Path jar() {
        try {
            Path source = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(source) && source.toString().endsWith(".jar")) {
                return source.toAbsolutePath().normalize();
            }
        } catch (URISyntaxException | RuntimeException unknown) {
            // Falls back to the jar the build makes.
        }
        return Path.of(BUILT_JAR).toAbsolutePath();
    }

    private static String shown(Path path, Path workingDirectory) {
        return path.startsWith(workingDirectory) ? workingDirectory.relativize(path).toString() : path.toString();
    }
}
