package dev.backstop.cli;

import dev.backstop.catalog.CatalogException;
import dev.backstop.config.ConfigException;
import dev.backstop.core.BackstopException;
import dev.backstop.services.Services;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The {@code backstop} command: global options, the verbs, and one-line errors. */
@Command(name = "backstop", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Backs up, lists, verifies and restores databases; runs the Slack bot with `serve`.",
        subcommands = {BackupCommand.class, ListCommand.class, RestoreCommand.class, VerifyCommand.class, UnpinCommand.class,
                StatusCommand.class, DrillCommand.class, PruneCommand.class, KeygenCommand.class, InitCommand.class, ServeCommand.class,
                CommandLine.HelpCommand.class})
public final class BackstopCli {

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "backstop.yml",
            description = "Config file (default: ${DEFAULT-VALUE}).", scope = CommandLine.ScopeType.INHERIT)
    Path config;

    @Option(names = "--verbose", description = "Print stack traces with errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @Option(names = "--as", paramLabel = "USER", description = "Who is acting, for the audit log (default: cli:$USER).",
            scope = CommandLine.ScopeType.INHERIT)
    String actor;

    private final ServicesFactory factory;
    private final BotRunner bot;
    private final InputStream input;

    public BackstopCli(ServicesFactory factory) {
        this(factory, BackstopCli::noBot, System.in);
    }

    public BackstopCli(ServicesFactory factory, BotRunner bot, InputStream input) {
        this.factory = factory;
        this.bot = bot;
        this.input = input;
    }

    BotRunner bot() {
        return bot;
    }

    InputStream input() {
        return input;
    }

    private static void noBot(Services services, java.io.BufferedReader in, PrintWriter out) {
        throw new BackstopException("serve is not wired into this entry point; run it through dev.backstop.Main");
    }

    Services services() {
        return factory.open(config);
    }

    String actor() {
        return actor == null || actor.isBlank() ? "cli:" + System.getProperty("user.name", "unknown") : actor;
    }

    /** Runs the command line and returns the exit status: 0 done, 1 failed, 2 bad usage. */
    public static int run(ServicesFactory factory, String... args) {
        return run(factory, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line writing to {@code out} and {@code err}; returns the exit status. */
    public static int run(ServicesFactory factory, PrintWriter out, PrintWriter err, String... args) {
        return run(new BackstopCli(factory), out, err, args);
    }

    /** Runs the command line with a bot for {@code serve} reading {@code in}; returns the exit status. */
    public static int run(ServicesFactory factory, BotRunner bot, InputStream in, PrintWriter out, PrintWriter err,
                          String... args) {
        return run(new BackstopCli(factory, bot, in), out, err, args);
    }

    private static int run(BackstopCli root, PrintWriter out, PrintWriter err, String... args) {
        CommandLine line = new CommandLine(root).setOut(out).setErr(err);
        line.setParameterExceptionHandler((problem, arguments) -> {
            String message = problem.getMessage().replaceAll("\\.$", "");
            err.println("backstop: " + message + (problem instanceof DatabaseArgument.Unknown ? ""
                    : "; run `" + problem.getCommandLine().getCommandSpec().qualifiedName() + " --help` for usage"));
            err.flush();
            return 2;
        });
        line.setExecutionExceptionHandler((failure, command, parsed) -> {
            err.println("backstop: " + explain(failure));
            if (root.verbose) {
                failure.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        try {
            return line.execute(args);
        } catch (OutOfMemoryError exhausted) {
            err.println("backstop: out of memory; give the JVM a larger heap, e.g. java -Xmx256m -jar backstop.jar ...");
            err.flush();
            return 1;
        }
    }

    private static String explain(Exception failure) {
        if (failure instanceof BackstopException || failure instanceof ConfigException
                || failure instanceof CatalogException) {
            return oneLine(failure.getMessage());
        }
        return "unexpected " + failure.getClass().getSimpleName() + ": " + oneLine(String.valueOf(failure.getMessage()))
                + " (rerun with --verbose for details)";
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s+", " ").trim();
    }
}
