package dev.backstop.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A strict view of one YAML mapping: it knows its dotted key and names it in every error. */
final class ConfigNode {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

    private final String file;
    private final String path;
    private final JsonNode node;
    private final Map<String, String> environment;

    ConfigNode(String file, String path, JsonNode node, Map<String, String> environment) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.environment = environment;
        if (node != null && !node.isNull() && !node.isObject()) {
            throw error(path, "must be a mapping of keys to values");
        }
    }

    ConfigException error(String key, String message) {
        return new ConfigException(file + ": " + key + ": " + message);
    }

    private String keyOf(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    String path() {
        return path;
    }

    boolean present() {
        return node != null && !node.isNull();
    }

    boolean has(String name) {
        return present() && node.has(name) && !node.get(name).isNull();
    }

    /** Refuses any key that is not in {@code allowed}. */
    ConfigNode allowOnly(Set<String> allowed) {
        if (present()) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    throw error(keyOf(name), "unknown key (allowed here: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
                }
            }
        }
        return this;
    }

    ConfigNode child(String name) {
        return new ConfigNode(file, keyOf(name), present() ? node.get(name) : null, environment);
    }

    List<String> childNames() {
        List<String> names = new ArrayList<>();
        if (present()) {
            node.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    String requiredString(String name) {
        if (!has(name)) {
            throw error(keyOf(name), "is required");
        }
        String value = string(name, "");
        if (value.isBlank()) {
            throw error(keyOf(name), "must not be empty");
        }
        return value;
    }

    String string(String name, String fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode value = node.get(name);
        if (!value.isValueNode()) {
            throw error(keyOf(name), "must be a single value, not a list or mapping");
        }
        return expand(keyOf(name), value.asText());
    }

    boolean bool(String name, boolean fallback) {
        if (!has(name)) {
            return fallback;
        }
        String text = string(name, "");
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error(keyOf(name), "must be true or false, not '" + text + "'");
        };
    }

    int integer(String name, int fallback, int min, int max) {
        if (!has(name)) {
            return fallback;
        }
        String text = string(name, "");
        try {
            int value = Integer.parseInt(text.trim());
            if (value < min || value > max) {
                throw error(keyOf(name), "must be between " + min + " and " + max + ", not " + value);
            }
            return value;
        } catch (NumberFormatException notNumber) {
            throw error(keyOf(name), "must be a whole number, not '" + text + "'");
        }
    }

    <T> T parsed(String name, T fallback, Function<String, T> parser) {
        if (!has(name)) {
            return fallback;
        }
        String text = string(name, "");
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException invalid) {
            throw error(keyOf(name), invalid.getMessage());
        }
    }

    List<String> strings(String name) {
        if (!has(name)) {
            return List.of();
        }
        JsonNode value = node.get(name);
        if (!value.isArray()) {
            throw error(keyOf(name), "must be a list, such as [a, b]");
        }
        List<String> items = new ArrayList<>();
        for (int index = 0; index < value.size(); index++) {
            JsonNode item = value.get(index);
            if (!item.isValueNode()) {
                throw error(keyOf(name) + "[" + index + "]", "must be a single value");
            }
            items.add(expand(keyOf(name) + "[" + index + "]", item.asText()));
        }
        return items;
    }

    private String expand(String key, String text) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = environment.get(matcher.group(1));
            if (value == null) {
                if (matcher.group(2) == null) {
                    throw error(key, "environment variable " + matcher.group(1)
                            + " is not set (set it, or write ${" + matcher.group(1) + ":-} to allow it empty)");
                }
                value = matcher.group(3);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
