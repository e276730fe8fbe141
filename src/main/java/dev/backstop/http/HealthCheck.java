package dev.backstop.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the components {@code /healthz} reports. A probe names what is wrong in words safe to show
 * anyone who can reach the port; a probe that throws is reported only as {@code unreachable}, since
 * an exception's message may name files, hosts or users.
 */
public final class HealthCheck {

    /** One component's check: empty when it is healthy, else what is wrong. */
    @FunctionalInterface
    public interface Probe {
        Optional<String> problem();

        /** A probe that passes when {@code check} returns and fails, as unreachable, when it throws. */
        static Probe of(Runnable check) {
            return () -> {
                check.run();
                return Optional.empty();
            };
        }
    }

    /** The state of every component, and whether all probes passed. */
    public record Report(boolean healthy, Map<String, String> components) {
    }

    private final Map<String, Probe> probes;
    private final Map<String, String> facts;

    /** {@code probes} are run on every check; {@code facts} (such as the Slack transport) are reported as they are. */
    public HealthCheck(Map<String, Probe> probes, Map<String, String> facts) {
        this.probes = new LinkedHashMap<>(probes);
        this.facts = new LinkedHashMap<>(facts);
    }

    public Report check() {
        Map<String, String> components = new LinkedHashMap<>();
        boolean healthy = true;
        for (Map.Entry<String, Probe> probe : probes.entrySet()) {
            Optional<String> problem;
            try {
                problem = probe.getValue().problem();
            } catch (RuntimeException failed) {
                problem = Optional.of("unreachable");
            }
            healthy &= problem.isEmpty();
            components.put(probe.getKey(), problem.map(words -> "failing: " + words).orElse("ok"));
        }
        components.putAll(facts);
        return new Report(healthy, components);
    }
}
