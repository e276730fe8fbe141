package dev.backstop.chat;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.DatabaseConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The words of a command's text, taken from the front one at a time, with checks that name what was wrong. */
final class Words {

    private final List<String> remaining;
    private final String verb;

    Words(String text, String verb) {
        this.remaining = new ArrayList<>(text.isBlank() ? List.of() : Arrays.asList(text.trim().split("\\s+")));
        this.verb = verb;
    }

    boolean isEmpty() {
        return remaining.isEmpty();
    }

    String next(String what) {
        if (remaining.isEmpty()) {
            throw new BadRequest(Usage.problem("missing " + what, verb));
        }
        return remaining.remove(0);
    }

    DatabaseConfig database(BackstopConfig config) {
        String name = next("the database name");
        return config.database(name).orElseThrow(() -> new BadRequest(Usage.problem("unknown database `" + name
                + "` (configured: " + String.join(", ", config.databases().keySet()) + ")", verb)));
    }

    void end() {
        if (!remaining.isEmpty()) {
            throw new BadRequest(Usage.problem("unexpected `" + String.join(" ", remaining) + "`", verb));
        }
    }
}
