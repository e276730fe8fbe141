package dev.backstop.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** Checks the components {@code /healthz} reports: each probe passes by returning and fails by throwing. */
public final class HealthCheck {

    /** The state of every component, and whether all probes passed. */
    public record Report(boolean healthy, Map<String, String> components) {
    }

    private final Map<String, Runnable> probes;
    private final Map<String, String> facts;

    /** {@code probes} are run on every check; {@code facts} (such as the Slack transport) are reported as they are. */
    public HealthCheck(Map<String, Runnable> probes, Map<String, String> facts) {
        this.probes = new LinkedHashMap<>(probes);
        this.facts = new LinkedHashMap<>(facts);
    }

    public Report check() {
        Map<String, String> components = new LinkedHashMap<>();
        boolean healthy = true;
        for (Map.Entry<String, Runnable> probe : probes.entrySet()) {
            try {
                probe.getValue().run();
                components.put(probe.getKey(), "ok");
            } catch (RuntimeException failed) {
                healthy = false;
                components.put(probe.getKey(), "failing: " + String.valueOf(failed.getMessage()).replaceAll("\\s+", " "));
            }
        }
        components.putAll(facts);
        return new Report(healthy, components);
    }
}
