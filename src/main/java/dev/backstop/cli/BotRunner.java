package dev.backstop.cli;

import dev.backstop.services.Services;
import java.io.BufferedReader;
import java.io.PrintWriter;

/** Runs the bot until it is stopped (or, for the terminal chat, until input ends); the wiring provides it. */
@FunctionalInterface
public interface BotRunner {
    void run(Services services, BufferedReader in, PrintWriter out) throws Exception;
}
