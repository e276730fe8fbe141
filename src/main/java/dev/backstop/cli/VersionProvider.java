package dev.backstop.cli;

import dev.backstop.pipeline.ToolVersion;
import picocli.CommandLine.IVersionProvider;

/** Supplies {@code --version}. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {ToolVersion.current()};
    }
}
