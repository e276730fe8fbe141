package dev.backstop;

import dev.backstop.cli.BackstopCli;
import dev.backstop.wiring.Serving;
import dev.backstop.wiring.Wiring;
import java.io.PrintWriter;

/** Entry point: the command line, with the services and the bot as {@code dev.backstop.wiring} builds them. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(BackstopCli.run(Wiring::services, Serving::serve, System.in, new PrintWriter(System.out, true),
                new PrintWriter(System.err, true), args));
    }
}
