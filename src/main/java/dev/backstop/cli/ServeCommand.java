package dev.backstop.cli;

import dev.backstop.services.Services;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code backstop serve}: the bot over Slack (HTTP or Socket Mode), or a terminal chat when no tokens are set. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Run the bot: Slack over HTTP or Socket Mode, or a terminal chat without tokens.")
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Services services = root.services()) {
            PrintWriter out = spec.commandLine().getOut();
            root.bot().run(services, new BufferedReader(new InputStreamReader(root.input(), StandardCharsets.UTF_8)), out);
            return 0;
        }
    }
}
