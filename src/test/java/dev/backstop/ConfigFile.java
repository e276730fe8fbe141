package dev.backstop;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes a world's {@code backstop.yml} with its key, catalog and storage and the given rest, and loads it as Backstop does. */
public final class ConfigFile {

    private ConfigFile() {
    }

    /** {@code rest} holds the {@code slack:} and {@code databases:} sections, in YAML. */
    public static BackstopConfig write(TestWorld world, String rest) throws IOException {
        return write(world, rest, Map.of());
    }

    /** As above, with {@code environment} for the config's {@code ${VAR}} references. */
    public static BackstopConfig write(TestWorld world, String rest, Map<String, String> environment) throws IOException {
        Path file = world.root.resolve("backstop.yml");
        Files.writeString(file, """
                catalog: ./catalog.db
                storage:
                  type: local
                  path: ./backups
                encryption:
                  recipients: [%s]
                  identity_file: ./age.key
                """.formatted(world.key.recipient()) + rest);
        return new ConfigLoader(environment, dev.backstop.engine.Engines.ALL).load(file);
    }
}
