package dev.backstop.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The failed checks of a drill, read from the checks JSON the catalog keeps, as {@code name: detail} for people. */
final class FailedChecks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FailedChecks() {
    }

    /** Each failed check as {@code name (detail)}; empty when none failed or the JSON cannot be read. */
    static List<String> of(String checksJson) {
        List<String> failed = new ArrayList<>();
        try {
            for (JsonNode check : JSON.readTree(checksJson == null || checksJson.isBlank() ? "[]" : checksJson)) {
                if (!check.path("passed").asBoolean(true)) {
                    String detail = check.path("detail").asText("");
                    failed.add(check.path("name").asText("?") + (detail.isBlank() ? "" : " (" + detail + ")"));
                }
            }
        } catch (IOException unreadable) {
            return List.of();
        }
        return failed;
    }
}
