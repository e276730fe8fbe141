package dev.backstop.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.backstop.core.TargetUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads and validates {@code backstop.yml}. Every key is checked; an unknown key, a missing
 * required key or a bad value stops loading with one line naming the file and the key.
 * Relative paths are resolved against the config file's folder.
 */
public final class ConfigLoader {

    private static final Pattern RECIPIENT = Pattern.compile("age1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}");
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern BIND_ADDRESS = Pattern.compile("[A-Za-z0-9.:-]{1,253}");
    /** Where a PostgreSQL catalog's work dir is, relative to the config file, unless work_dir says. */
    static final String DEFAULT_WORK_DIR = "./backstop-data/work";
    private static final Set<String> COMMON_KEYS = Set.of("engine", "production", "schedule", "freshness",
            "retention", "keep_pre_restore", "drill", "alerts_channel", "operators", "restore_targets");

    private final Map<String, String> environment;
    private final Map<String, EngineProvider> engines = new TreeMap<>();

    /** Reads configs whose databases use one of {@code engines} (the registry {@code engine.Engines}). */
    public ConfigLoader(Map<String, String> environment, List<? extends EngineProvider> engines) {
        this.environment = Map.copyOf(environment);
        engines.forEach(provider -> this.engines.put(provider.name(), provider));
    }

    public BackstopConfig load(Path file) {
        String name = file.toString();
        JsonNode tree;
        try {
            tree = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (NoSuchFileException missing) {
            throw new ConfigException(name + ": config file not found (pass --config FILE, or run `backstop init --demo`)");
        } catch (JacksonException syntax) {
            String location = syntax.getLocation() == null ? "" : " at line " + syntax.getLocation().getLineNr();
            String problem = syntax.getOriginalMessage().lines()
                    .filter(line -> !line.isBlank() && !line.startsWith(" ") && !line.contains("^"))
                    .reduce((first, later) -> later).orElse("syntax error");
            throw new ConfigException(name + ": not valid YAML" + location + ": " + problem.trim());
        } catch (IOException unreadable) {
            throw new ConfigException(name + ": cannot read config file: " + unreadable.getMessage());
        }
        if (tree == null || tree.isNull() || tree.isMissingNode()) {
            throw new ConfigException(name + ": config file is empty");
        }
        ConfigNode root = new ConfigNode(name, "", tree, environment)
                .allowOnly(Set.of("catalog", "catalog_password", "work_dir", "storage", "encryption", "slack", "http",
                        "databases", "alerts", "scheduler"));
        Path base = file.toAbsolutePath().normalize().getParent();
        CatalogLocation catalog = catalog(root, base);
        StorageConfig storage = storage(root.child("storage"), base);
        EncryptionConfig encryption = encryption(root.child("encryption"), base);
        SlackSettings slack = slack(root.child("slack"));
        ConfigNode http = root.child("http").allowOnly(Set.of("port", "bind", "auth"));
        int port = http.integer("port", 3000, 1, 65535);
        HttpAccess access = httpAccess(http);
        Map<String, DatabaseConfig> databases = new LinkedHashMap<>();
        ConfigNode databasesNode = root.child("databases");
        if (databasesNode.childNames().isEmpty()) {
            throw root.error("databases", "is required and must name at least one database");
        }
        for (String database : databasesNode.childNames()) {
            if (!DATABASE_NAME.matcher(database).matches()) {
                throw root.error("databases." + database, "database names use lowercase letters, digits, - and _");
            }
            databases.put(database, database(database, databasesNode.child(database), base));
        }
        ConfigNode schedulerNode = root.child("scheduler").allowOnly(Set.of("workers", "stall_timeout", "poll",
                "monitor_every"));
        SchedulerSettings scheduler = new SchedulerSettings(
                schedulerNode.integer("workers", SchedulerSettings.DEFAULTS.workers(), 1, 64),
                schedulerNode.parsed("stall_timeout", SchedulerSettings.DEFAULTS.stallTimeout(), Durations::parse),
                schedulerNode.parsed("poll", SchedulerSettings.DEFAULTS.poll(), Durations::parse),
                schedulerNode.parsed("monitor_every", SchedulerSettings.DEFAULTS.monitorEvery(), Durations::parse));
        ConfigNode alerts = root.child("alerts").allowOnly(Set.of("repeat", "webhook_url", "size_anomaly_percent"));
        String webhook = alerts.string("webhook_url", "");
        if (!webhook.isEmpty() && !webhook.matches("https?://\\S+")) {
            throw alerts.error("alerts.webhook_url", "must be an http:// or https:// URL");
        }
        return new BackstopConfig(file.toAbsolutePath(), catalog, storage, encryption, slack, port, databases,
                new AlertsConfig(alerts.parsed("repeat", AlertsConfig.DEFAULTS.repeat(), Durations::parse), webhook,
                        alerts.integer("size_anomaly_percent", AlertsConfig.DEFAULTS.sizeAnomalyPercent(), 1, 10_000)),
                scheduler, access);
    }

    /** A catalog file (its work dir beside it), or a PostgreSQL URL with catalog_password and work_dir. */
    private static CatalogLocation catalog(ConfigNode root, Path base) {
        String catalog = root.requiredString("catalog").trim();
        if (catalog.contains("://") && !CatalogLocation.isUrl(catalog)) {
            throw root.error("catalog", "must be a SQLite file path or a postgresql://user@host:port/database URL");
        }
        if (!CatalogLocation.isUrl(catalog)) {
            for (String key : List.of("catalog_password", "work_dir")) {
                if (!root.string(key, "").isEmpty()) {
                    throw root.error(key, "applies only to a PostgreSQL catalog (catalog: postgresql://...); a catalog"
                            + " file keeps its work dir beside it");
                }
            }
            return CatalogLocation.file(base.resolve(catalog).normalize());
        }
        if (TargetUrl.parse(catalog).hasPassword()) {
            throw root.error("catalog", "must not contain a password; write the URL without it and set"
                    + " catalog_password: ${VAR}");
        }
        Path workDir = base.resolve(root.string("work_dir", DEFAULT_WORK_DIR)).normalize();
        return CatalogLocation.postgresql(catalog, root.string("catalog_password", ""), workDir);
    }

    private static HttpAccess httpAccess(ConfigNode http) {
        String bind = http.string("bind", HttpAccess.DEFAULT_BIND).trim();
        if (!BIND_ADDRESS.matcher(bind).matches()) {
            throw http.error("http.bind", "'" + abbreviate(bind) + "' is not an address to listen on (such as"
                    + " 127.0.0.1, 0.0.0.0 or ::1)");
        }
        Optional<HttpAccess.Login> login = Optional.empty();
        if (http.has("auth")) {
            ConfigNode auth = http.child("auth").allowOnly(Set.of("user", "password"));
            String user = auth.requiredString("user");
            if (user.contains(":")) {
                throw auth.error("http.auth.user", "must not contain ':' (basic auth separates user and password"
                        + " with it)");
            }
            login = Optional.of(new HttpAccess.Login(user, auth.requiredString("password")));
        }
        return new HttpAccess(bind, login, http.present());
    }

    private StorageConfig storage(ConfigNode node, Path base) {
        if (!node.present()) {
            throw node.error("storage", "is required");
        }
        String type = node.requiredString("type");
        switch (type) {
            case "local" -> {
                if (node.has("part_size")) {
                    throw node.error("storage.part_size", "applies only to s3 storage, whose uploads are cut into"
                            + " parts; remove it");
                }
                node.allowOnly(Set.of("type", "path"));
                return StorageConfig.local(base.resolve(node.requiredString("path")).normalize());
            }
            case "s3" -> {
                node.allowOnly(Set.of("type", "bucket", "prefix", "endpoint", "region", "path_style",
                        "access_key_id", "secret_access_key", "part_size"));
                if (node.string("access_key_id", "").isEmpty() != node.string("secret_access_key", "").isEmpty()) {
                    throw node.error("storage.access_key_id", "and storage.secret_access_key must be set together,"
                            + " or both left out to use the AWS default credentials");
                }
                String endpoint = node.string("endpoint", "");
                if (!endpoint.isEmpty() && !httpUrl(endpoint)) {
                    throw node.error("storage.endpoint", "'" + endpoint + "' is not a URL: write it as https://HOST"
                            + " or http://HOST:PORT");
                }
                return new StorageConfig("s3", null, node.requiredString("bucket"),
                        trimSlashes(node.string("prefix", "")), node.string("endpoint", ""),
                        node.string("region", "us-east-1"), node.bool("path_style", false),
                        node.string("access_key_id", ""), node.string("secret_access_key", ""),
                        node.parsed("part_size", StorageConfig.DEFAULT_PART_SIZE, ConfigLoader::partSize));
            }
            default -> throw node.error("storage.type", "unknown storage type '" + type + "' (expected local or s3)");
        }
    }

    private static boolean httpUrl(String text) {
        try {
            java.net.URI uri = new java.net.URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException invalid) {
            return false;
        }
    }

    private static int partSize(String text) {
        long bytes = ByteSizes.parse(text);
        if (bytes < StorageConfig.MIN_PART_SIZE || bytes > StorageConfig.MAX_PART_SIZE) {
            throw new IllegalArgumentException("must be from " + ByteSizes.format(StorageConfig.MIN_PART_SIZE)
                    + " (the smallest part S3 takes) to " + ByteSizes.format(StorageConfig.MAX_PART_SIZE)
                    + ", not " + text.trim());
        }
        return (int) bytes;
    }

    private static String trimSlashes(String prefix) {
        return prefix.replaceAll("^/+", "").replaceAll("/+$", "");
    }

    private EncryptionConfig encryption(ConfigNode node, Path base) {
        if (!node.present()) {
            throw node.error("encryption", "is required (run `backstop keygen` to make a key)");
        }
        node.allowOnly(Set.of("recipients", "identity_file"));
        var recipients = node.strings("recipients");
        if (recipients.isEmpty()) {
            throw node.error("encryption.recipients", "needs at least one age recipient (age1...); run `backstop keygen`");
        }
        for (int index = 0; index < recipients.size(); index++) {
            if (!RECIPIENT.matcher(recipients.get(index).trim()).matches()) {
                throw node.error("encryption.recipients[" + index + "]",
                        "'" + abbreviate(recipients.get(index)) + "' is not an age X25519 recipient (age1 followed by 58 characters)");
            }
        }
        String identity = node.string("identity_file", "");
        return new EncryptionConfig(recipients.stream().map(String::trim).toList(),
                identity.isEmpty() ? null : base.resolve(identity).normalize());
    }

    private static String abbreviate(String text) {
        return text.length() > 16 ? text.substring(0, 12) + "..." : text;
    }

    private SlackSettings slack(ConfigNode node) {
        node.allowOnly(Set.of("bot_token", "signing_secret", "app_token", "api_url", "alerts_channel",
                "approvals_channel", "approvers", "approval_ttl", "operators", "channels"));
        return new SlackSettings(node.string("bot_token", ""), node.string("signing_secret", ""),
                node.string("app_token", ""), node.string("api_url", "https://slack.com/api/"),
                node.string("alerts_channel", "#ops"), node.string("approvals_channel", "#ops"),
                node.strings("approvers"), node.parsed("approval_ttl", Duration.ofMinutes(30), Durations::parse),
                node.strings("operators"), node.strings("channels"));
    }

    private DatabaseConfig database(String name, ConfigNode node, Path base) {
        String engine = node.requiredString("engine");
        String key = "databases." + name;
        EngineProvider provider = engines.get(engine);
        if (provider == null) {
            throw node.error(key + ".engine", "unknown engine '" + engine + "' (expected " + expected() + ")");
        }
        for (String other : node.childNames()) {
            if (!COMMON_KEYS.contains(other) && !provider.keys().containsKey(other)) {
                Optional<String> owner = ownerOf(other);
                if (owner.isPresent()) {
                    throw node.error(key + "." + other, "applies only to " + owner.get() + "; remove it");
                }
            }
        }
        Set<String> allowed = new TreeSet<>(COMMON_KEYS);
        allowed.addAll(provider.keys().keySet());
        node.allowOnly(allowed);
        if (node.has("url") && node.string("url", "").strip().matches(".*\\s.*")) {
            throw node.error(key + ".url", "has white space in it; percent-encode it (a space is %20)");
        }
        List<String> targets = node.strings("restore_targets").stream().map(String::trim).toList();
        for (int index = 0; index < targets.size(); index++) {
            if (targets.get(index).contains("://") && targets.get(index).matches(".*\\s.*")) {
                throw node.error(key + ".restore_targets[" + index + "]", "is a URL with white space in it;"
                        + " percent-encode it (a space is %20)");
            }
        }
        EngineSettings settings = provider.parse(new EngineSection(node, base));
        return new DatabaseConfig(name, settings, node.bool("production", false), schedule(node, "schedule"),
                node.parsed("freshness", Duration.ofHours(25), Durations::parse),
                retention(node.child("retention")),
                node.parsed("keep_pre_restore", DatabaseConfig.KEEP_PRE_RESTORE, Durations::parse),
                drill(node.child("drill")), node.string("alerts_channel", ""), node.strings("operators"), targets);
    }

    /** "mysql, postgres or sqlite". */
    private String expected() {
        List<String> names = List.copyOf(engines.keySet());
        return names.size() <= 1 ? String.join("", names)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** "sqlite databases, whose backups wait for the app's lock" for a key that only other engines read. */
    private Optional<String> ownerOf(String key) {
        List<EngineProvider> owners = engines.values().stream().filter(other -> other.keys().containsKey(key)).toList();
        if (owners.isEmpty()) {
            return Optional.empty();
        }
        String why = owners.size() == 1 ? owners.get(0).keys().get(key) : "";
        return Optional.of(String.join(" and ", owners.stream().map(EngineProvider::name).toList()) + " databases"
                + (why.isEmpty() ? "" : ", " + why));
    }

    private static String schedule(ConfigNode node, String key) {
        return node.parsed(key, "", text -> {
            Schedule.parse(text);
            return text.trim();
        });
    }

    private RetentionPolicy retention(ConfigNode node) {
        if (!node.present()) {
            return RetentionPolicy.KEEP_ALL;
        }
        node.allowOnly(Set.of("keep_last", "keep_daily", "keep_weekly", "keep_monthly"));
        int max = 100_000;
        RetentionPolicy policy = new RetentionPolicy(node.integer("keep_last", 0, 0, max),
                node.integer("keep_daily", 0, 0, max), node.integer("keep_weekly", 0, 0, max),
                node.integer("keep_monthly", 0, 0, max));
        if (policy.keepLast() + policy.keepDaily() + policy.keepWeekly() + policy.keepMonthly() == 0) {
            throw node.error(node.path(), "keeps nothing; set at least one of keep_last, keep_daily, keep_weekly,"
                    + " keep_monthly above 0, or remove retention to keep every backup");
        }
        return policy;
    }

    private Optional<DrillConfig> drill(ConfigNode node) {
        if (!node.present()) {
            return Optional.empty();
        }
        node.allowOnly(Set.of("schedule", "rto", "required_tables", "queries", "target"));
        return Optional.of(new DrillConfig(schedule(node, "schedule"),
                node.parsed("rto", Duration.ofMinutes(30), Durations::parse),
                node.strings("required_tables"), node.strings("queries"), node.string("target", "")));
    }
}
