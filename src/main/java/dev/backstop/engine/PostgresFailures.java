package dev.backstop.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns what a PostgreSQL client program wrote to stderr into one line that says what to do. */
final class PostgresFailures {

    private static final int MAX_LENGTH = 400;

    private PostgresFailures() {
    }

    /** One line for a failed run of {@code program} against {@code url}; never holds {@code password}. */
    static String explain(String program, String stderr, PostgresUrl url, String password) {
        String text = stderr == null ? "" : stderr;
        String lower = text.toLowerCase(Locale.ROOT);
        String user = url.user().isEmpty() ? "the default user" : "user \"" + url.user() + "\"";
        String line;
        if (lower.contains("password authentication failed") || lower.contains("authentication failed for user")) {
            line = "PostgreSQL at " + url.server() + " rejected the password for " + user
                    + "; check the database's password setting (or PGPASSWORD)";
        } else if (lower.contains("no password supplied") || lower.contains("fe_sendauth")) {
            line = "PostgreSQL at " + url.server() + " wants a password for " + user
                    + " and none was given; set the database's password (or PGPASSWORD)";
        } else if (lower.contains("could not translate host name") || lower.contains("name or service not known")
                || lower.contains("temporary failure in name resolution")) {
            line = "unknown host \"" + url.host() + "\": it does not resolve; check the host in the database url";
        } else if (lower.contains("connection refused") || lower.contains("timeout expired")
                || lower.contains("no route to host") || lower.contains("network is unreachable")
                || lower.contains("could not connect to server")) {
            line = "cannot reach PostgreSQL at " + url.server() + " (" + reason(lower)
                    + "); check that the server runs and the host and port in the url are right";
        } else if (lower.matches("(?s).*database \".*\" does not exist.*")) {
            line = "database \"" + missingDatabase(text, url) + "\" does not exist on " + url.server()
                    + "; check the database name in the url";
        } else {
            line = program + ": " + errorLines(text, program);
        }
        return scrub(line, password);
    }

    /** Removes the password and any URL password from {@code text} and folds it into one line. */
    static String scrub(String text, String password) {
        String cleaned = PostgresUrl.redact(text);
        if (password != null && !password.isEmpty()) {
            cleaned = cleaned.replace(password, "***");
        }
        cleaned = cleaned.replaceAll("\\s+", " ").trim();
        return cleaned.length() > MAX_LENGTH ? cleaned.substring(0, MAX_LENGTH) + "..." : cleaned;
    }

    private static String reason(String lower) {
        if (lower.contains("connection refused")) {
            return "connection refused";
        }
        if (lower.contains("timeout expired")) {
            return "connection timed out";
        }
        if (lower.contains("no route to host")) {
            return "no route to host";
        }
        return "network unreachable";
    }

    private static String missingDatabase(String text, PostgresUrl url) {
        java.util.regex.Matcher found = java.util.regex.Pattern.compile("database \"([^\"]*)\" does not exist")
                .matcher(text);
        return found.find() ? found.group(1) : url.database();
    }

    private static String errorLines(String text, String program) {
        List<String> picked = new ArrayList<>();
        for (String raw : text.split("\\R")) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("Command was:")) {
                continue;
            }
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.contains("error") || lower.contains("fatal") || lower.contains("could not")) {
                line = line.replaceFirst("^" + java.util.regex.Pattern.quote(program) + ":\\s*", "");
                if (!picked.contains(line)) {
                    picked.add(line);
                }
            }
            if (picked.size() == 2) {
                break;
            }
        }
        if (picked.isEmpty()) {
            String[] lines = text.trim().split("\\R");
            return lines.length == 0 || lines[0].isBlank() ? "no error output" : lines[lines.length - 1];
        }
        return String.join("; ", picked);
    }
}
