package dev.backstop.cli;

import dev.backstop.wiring.Wiring;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the real command line with the real wiring and captures its exit status, stdout and stderr. */
record CliRun(int status, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = BackstopCli.run(Wiring::services, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(status, out.toString(), err.toString());
    }
}
