package dev.backstop.pipeline;

import dev.backstop.core.BackstopException;
import java.util.regex.Pattern;

/** The labels a backup may carry: short names of letters, digits, dots, dashes and underscores. */
public final class BackupLabels {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private BackupLabels() {
    }

    /** Returns {@code label} (empty for none), or throws a one-line error saying what a label may hold. */
    public static String check(String label) {
        if (label == null || label.isEmpty()) {
            return "";
        }
        if (!LABEL.matcher(label).matches()) {
            throw new BackstopException("label " + label + " is not allowed: use up to 64 letters, digits, dots,"
                    + " dashes or underscores, starting with a letter or digit");
        }
        return label;
    }
}
