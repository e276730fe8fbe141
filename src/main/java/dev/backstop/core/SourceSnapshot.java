package dev.backstop.core;

import java.util.Map;
import java.util.TreeMap;

/** Facts about the source at the moment of a dump: per-table row counts and version details. */
public record SourceSnapshot(Map<String, Long> tableRowCounts, Map<String, String> details) {
    public SourceSnapshot {
        tableRowCounts = java.util.Collections.unmodifiableMap(new TreeMap<>(tableRowCounts));
        details = java.util.Collections.unmodifiableMap(new TreeMap<>(details));
    }
}
