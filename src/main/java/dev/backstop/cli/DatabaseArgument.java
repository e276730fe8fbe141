package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import dev.backstop.services.Services;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

/** The DB argument of a verb: a database the config names, or a usage error (exit 2) listing the ones it does. */
final class DatabaseArgument {

    private DatabaseArgument() {
    }

    /** A usage error whose message already says what to do, so it gets no pointer to {@code --help}. */
    static final class Unknown extends CommandLine.ParameterException {
        private static final long serialVersionUID = 1L;

        Unknown(CommandLine line, String message) {
            super(line, message);
        }
    }

    static DatabaseConfig require(Services services, CommandSpec spec, String name) {
        BackstopConfig config = services.config();
        return config.database(name).orElseThrow(() -> new Unknown(spec.commandLine(), "unknown database '" + name
                + "'; configured databases: " + String.join(", ", config.databases().keySet())));
    }
}
