package dev.backstop.cli;

import java.nio.file.Path;

/** Reads a config file and wires the services; {@code Main} provides it. */
@FunctionalInterface
public interface ServicesFactory {
    Services open(Path configFile);
}
