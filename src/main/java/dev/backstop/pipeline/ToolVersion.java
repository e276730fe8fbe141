package dev.backstop.pipeline;

/** Backstop's own version, as recorded in manifests. */
public final class ToolVersion {

    private ToolVersion() {
    }

    public static String current() {
        String version = ToolVersion.class.getPackage().getImplementationVersion();
        return "backstop " + (version == null ? "dev" : version);
    }
}
