package dev.backstop.metrics;

import java.util.HashMap;
import java.util.Map;

/** A parsed Prometheus text exposition: each family's type, and each sample's value by its series. */
record Exposition(Map<String, String> types, Map<String, Double> samples) {

    static Exposition parse(String text) {
        Map<String, String> types = new HashMap<>();
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                types.put(parts[2], parts[3]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                String value = line.substring(space + 1);
                samples.put(line.substring(0, space), value.equals("+Inf") ? Double.POSITIVE_INFINITY
                        : Double.parseDouble(value));
            }
        }
        return new Exposition(Map.copyOf(types), Map.copyOf(samples));
    }

    /** The value of {@code series}, such as {@code backstop_backups_total{database="app",outcome="failed"}}. */
    double value(String series) {
        Double value = samples.get(series);
        if (value == null) {
            throw new AssertionError("no sample " + series + " among " + samples.keySet().stream().sorted().toList());
        }
        return value;
    }
}
