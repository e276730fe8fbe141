package dev.backstop.chat;

import dev.backstop.config.Durations;
import dev.backstop.core.KeepRule;
import dev.backstop.pipeline.BackupLabels;

/** The options of {@code /backup DB [--label L] [--keep D | --pin]}, read from the words after the database. */
record BackupOptions(String label, KeepRule keep) {

    /**
     * Reads the options up to the end of {@code words}; a bad or unknown one is a {@link BadRequest}, a
     * label a backup may not carry a BackstopException saying what a label may hold.
     */
    static BackupOptions parse(Words words) {
        String label = "";
        KeepRule keep = KeepRule.NONE;
        while (!words.isEmpty()) {
            String option = words.next("an option");
            String[] split = option.split("=", 2);
            String name = split[0];
            String value = split.length > 1 ? split[1] : null;
            switch (name) {
                case "--label" -> label = unquoted(value != null ? value : words.next("the label after --label"));
                case "--keep" -> keep = held(keep, KeepRule.keepFor(duration(value != null ? value
                        : words.next("a duration after --keep, such as 30d"))));
                case "--pin" -> keep = held(keep, KeepRule.PIN);
                default -> throw new BadRequest(Usage.problem("unexpected `" + option + "`", "backup"));
            }
        }
        return new BackupOptions(BackupLabels.check(label), keep);
    }

    private static KeepRule held(KeepRule before, KeepRule next) {
        if (before != KeepRule.NONE) {
            throw new BadRequest(Usage.problem("--keep and --pin cannot be combined; pick one", "backup"));
        }
        return next;
    }

    private static java.time.Duration duration(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException wrong) {
            throw new BadRequest(Usage.problem("--keep " + wrong.getMessage(), "backup"));
        }
    }

    /** Chat clients may send a quoted label with straight or curly quotes. */
    private static String unquoted(String text) {
        return text.replaceAll("^[\"'\u201c\u201d\u2018\u2019]+|[\"'\u201c\u201d\u2018\u2019]+$", "");
    }
}
