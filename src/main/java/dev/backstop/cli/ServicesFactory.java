package dev.backstop.cli;

import dev.backstop.services.Services;
import java.nio.file.Path;

/** Reads a config file and wires the services; the wiring provides it. */
@FunctionalInterface
public interface ServicesFactory {
    Services open(Path configFile);
}
