package dev.backstop.cli;

import dev.backstop.core.BackstopException;
import dev.backstop.engine.DemoDatabase;
import dev.backstop.pipeline.AgeCrypto;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code backstop init [--demo]}: writes a starter config and an age key, and says what to do next;
 * with {@code --demo} also a demo SQLite database the config backs up as it stands.
 */
@Command(name = "init", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Write a starter config with a new age key; --demo adds a demo SQLite database.")
final class InitCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--demo", description = "Also create demo/app.db with sample data and configure it as 'app'.")
    boolean demo;

    @Override
    public Integer call() throws IOException {
        Path config = root.config.toAbsolutePath();
        if (Files.exists(config)) {
            throw new BackstopException(config + " already exists; remove it or pass --config with a new file name");
        }
        Path base = config.getParent();
        Path keyFile = base.resolve("backstop-data/age.key");
        if (Files.exists(keyFile)) {
            throw new BackstopException(keyFile + " already exists; move it away first, keys are never overwritten");
        }
        AgeCrypto.AgeKey key = AgeCrypto.generate();
        KeyFiles.writePrivate(keyFile, KeyFiles.render(key, Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        Path database = base.resolve("demo/app.db");
        if (demo && !Files.exists(database)) {
            DemoDatabase.create(database);
        }
        Files.writeString(config, configText(key.recipient(), demo ? "./demo/app.db" : "./app.db"
                + "                # change this to your SQLite database file"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote " + config);
        out.println("wrote " + keyFile + " (keep a copy somewhere safe: without it no backup can be restored)");
        String backstop = Launcher.command(root.config);
        if (demo) {
            out.println("wrote " + database);
            out.println("next: " + backstop + " backup app");
        } else {
            out.println("next: edit databases.app.path in " + config + " to point at your SQLite database file"
                    + " (or add your databases; see docs/configuration.md), then run: " + backstop + " backup app");
        }
        out.flush();
        return 0;
    }

    private String configText(String recipient, String databasePath) {
        return """
                # Backstop config; see docs/configuration.md for every key.
                catalog: ./backstop-data/catalog.db
                storage:
                  type: local
                  path: ./backstop-data/backups
                encryption:
                  recipients: [%s]
                  identity_file: ./backstop-data/age.key
                databases:
                  app:
                    engine: sqlite
                    path: %s
                    production: false
                    freshness: 25h
                """.formatted(recipient, databasePath);
    }
}
