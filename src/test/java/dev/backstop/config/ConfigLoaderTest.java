package dev.backstop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final String RECIPIENT = "age1xhsgvdt2kq0tnp9dkguw7r8wss8vuvn7qydrgsjy9mwrtjrtddzs9da2hm";

    @TempDir
    Path dir;

    private static final String VALID = """
            catalog: ./data/catalog.db
            storage:
              type: local
              path: ./data/backups
            encryption:
              recipients: [%s]
              identity_file: ./data/age.key
            slack:
              bot_token: ${SLACK_BOT_TOKEN}
              signing_secret: ${SLACK_SIGNING_SECRET:-}
              approvers: [U0001, U0002]
            http:
              port: 3100
            databases:
              app:
                engine: sqlite
                path: ./demo/app.db
                production: true
                schedule: "0 2 * * *"
                freshness: 25h
                retention: { keep_last: 7, keep_daily: 7, keep_weekly: 4, keep_monthly: 6 }
                drill:
                  schedule: "0 4 1 * *"
                  rto: 30m
                  required_tables: [orders, products]
                  queries: ["SELECT count(*) FROM orders"]
              warehouse:
                engine: postgres
                url: postgresql://backstop@db.internal:5432/warehouse
                password: ${PGPASS_WAREHOUSE}
            """.formatted(RECIPIENT);

    private BackstopConfig load(String yaml, Map<String, String> environment) throws Exception {
        Path file = dir.resolve("backstop.yml");
        Files.writeString(file, yaml);
        return new ConfigLoader(environment, dev.backstop.engine.Engines.ALL).load(file);
    }

    private String error(String yaml) {
        ConfigException failure = assertThrows(ConfigException.class,
                () -> load(yaml, Map.of("SLACK_BOT_TOKEN", "xoxb-secret", "PGPASS_WAREHOUSE", "pw")));
        assertFalse(failure.getMessage().contains("\n"), "one line: " + failure.getMessage());
        assertTrue(failure.getMessage().startsWith(dir.resolve("backstop.yml") + ": "), failure.getMessage());
        return failure.getMessage().substring(dir.resolve("backstop.yml").toString().length() + 2);
    }

    @Test
    void a_full_config_loads_with_paths_relative_to_the_file_and_variables_expanded() throws Exception {
        BackstopConfig config = load(VALID, Map.of("SLACK_BOT_TOKEN", "xoxb-1", "PGPASS_WAREHOUSE", "hunter2"));
        assertEquals(dir.resolve("data/catalog.db"), config.catalog().file());
        assertEquals(dir.resolve("data/work"), config.catalog().workDir());
        assertEquals(dir.resolve("data/backups"), config.storage().path());
        assertEquals(List.of(RECIPIENT), config.encryption().recipients());
        assertEquals("xoxb-1", config.slack().botToken());
        assertEquals("", config.slack().signingSecret());
        assertEquals(3100, config.httpPort());
        DatabaseConfig app = config.database("app").orElseThrow();
        assertTrue(app.production());
        assertEquals(Duration.ofHours(25), app.freshness());
        assertEquals(new RetentionPolicy(7, 7, 4, 6), app.retention());
        assertEquals(Duration.ofMinutes(30), app.drill().orElseThrow().rto());
        assertEquals(List.of("orders", "products"), app.drill().orElseThrow().requiredTables());
        assertEquals("hunter2", ((dev.backstop.engine.PostgresSettings) config.database("warehouse").orElseThrow().settings()).password());
        assertFalse(config.slack().toString().contains("xoxb-1"), "tokens stay out of toString");
    }

    @Test
    void the_scheduler_polls_every_second_and_monitors_every_30s_unless_told_otherwise() throws Exception {
        Map<String, String> environment = Map.of("SLACK_BOT_TOKEN", "xoxb-1", "PGPASS_WAREHOUSE", "pw");
        BackstopConfig defaults = load(VALID, environment);
        assertEquals(Duration.ofSeconds(1), defaults.scheduler().poll());
        assertEquals(Duration.ofSeconds(30), defaults.scheduler().monitorEvery());
        BackstopConfig set = load(VALID.replace("http:\n", "scheduler:\n  poll: 250ms\n  monitor_every: 1m\nhttp:\n"),
                environment);
        assertEquals(Duration.ofMillis(250), set.scheduler().poll());
        assertEquals(Duration.ofMinutes(1), set.scheduler().monitorEvery());
        assertEquals("scheduler.poll: '0s' is zero; a duration must be positive",
                error(VALID.replace("http:\n", "scheduler:\n  poll: 0s\nhttp:\n")));
    }

    @Test
    void an_unknown_engine_is_named() {
        assertEquals("databases.app.engine: unknown engine 'oracle' (expected d1, mysql, postgres, sqlite or sqlitecloud)",
                error(VALID.replace("engine: sqlite", "engine: oracle")));
    }

    @Test
    void a_missing_path_is_named() {
        assertEquals("databases.app.path: is required", error(VALID.replace("    path: ./demo/app.db\n", "")));
    }

    @Test
    void an_unknown_key_is_named_with_the_allowed_ones() {
        String message = error(VALID.replace("    freshness: 25h", "    freshnes: 25h"));
        assertTrue(message.startsWith("databases.app.freshnes: unknown key (allowed here: "), message);
    }

    @Test
    void a_bad_duration_is_named() {
        assertEquals("databases.app.freshness: '25 hours' is not a duration (use e.g. 90s, 30m, 25h, 7d or 1h30m)",
                error(VALID.replace("freshness: 25h", "freshness: 25 hours")));
    }

    @Test
    void an_unreadable_recipient_is_named() {
        String message = error(VALID.replace(RECIPIENT, "age1notakey"));
        assertEquals("encryption.recipients[0]: 'age1notakey' is not an age X25519 recipient"
                + " (age1 followed by 58 characters)", message);
    }

    @Test
    void an_unset_environment_variable_is_named_without_guessing() {
        ConfigException failure = assertThrows(ConfigException.class, () -> load(VALID, Map.of("PGPASS_WAREHOUSE", "x")));
        assertTrue(failure.getMessage().endsWith("slack.bot_token: environment variable SLACK_BOT_TOKEN is not set"
                + " (set it, or write ${SLACK_BOT_TOKEN:-} to allow it empty)"), failure.getMessage());
    }

    @Test
    void broken_yaml_names_the_line() {
        assertTrue(error("catalog: [unclosed\nstorage: {").startsWith("not valid YAML at line"));
    }

    @Test
    void a_missing_file_says_how_to_make_one() {
        ConfigException failure = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of(), dev.backstop.engine.Engines.ALL).load(dir.resolve("nope.yml")));
        assertTrue(failure.getMessage().contains("backstop init --demo"), failure.getMessage());
    }

    @Test
    void an_unknown_storage_type_and_a_bad_port_are_named() {
        assertEquals("storage.type: unknown storage type 'ftp' (expected local or s3)",
                error(VALID.replace("type: local", "type: ftp")));
        assertEquals("http.port: must be between 1 and 65535, not 70000", error(VALID.replace("3100", "70000")));
    }

    @Test
    void durations_parse_and_print() {
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
        assertEquals(Duration.ofDays(7), Durations.parse("1w"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("0s"));
        assertEquals("25h", Durations.format(Duration.ofHours(25)));
        assertEquals("3d 4h", Durations.format(Duration.ofHours(76)));
    }

    @Test
    void a_bad_schedule_and_a_retention_that_keeps_nothing_are_named() {
        assertEquals("databases.app.schedule: hour 25 is out of range 0-23",
                error(VALID.replace("\"0 2 * * *\"", "\"0 25 * * *\"")));
        assertTrue(error(VALID.replace("keep_last: 7, keep_daily: 7, keep_weekly: 4, keep_monthly: 6", "keep_last: 0"))
                .startsWith("databases.app.retention: keeps nothing"));
    }

    @Test
    void keep_pre_restore_defaults_to_seven_days_for_every_engine() throws Exception {
        Map<String, String> environment = Map.of("SLACK_BOT_TOKEN", "xoxb-secret", "PGPASS_WAREHOUSE", "pw");
        assertEquals(Duration.ofDays(7), load(VALID, environment).database("warehouse").orElseThrow().keepPreRestore());
        String twoDays = VALID.replace("    password: ${PGPASS_WAREHOUSE}", "    password: ${PGPASS_WAREHOUSE}\n    keep_pre_restore: 2d");
        assertEquals(Duration.ofDays(2), load(twoDays, environment).database("warehouse").orElseThrow().keepPreRestore());
        assertEquals("databases.warehouse.keep_pre_restore: 'soon' is not a duration (use e.g. 90s, 30m, 25h, 7d or 1h30m)",
                error(twoDays.replace("keep_pre_restore: 2d", "keep_pre_restore: soon")));
        String sqliteDays = VALID.replace("    freshness: 25h", "    freshness: 25h\n    keep_pre_restore: 3d");
        assertEquals(Duration.ofDays(3), load(sqliteDays, environment).database("app").orElseThrow().keepPreRestore());
    }

    @Test
    void operators_channels_and_restore_targets_are_read_and_default_to_the_approvers() throws Exception {
        Map<String, String> environment = Map.of("SLACK_BOT_TOKEN", "xoxb-secret", "PGPASS_WAREHOUSE", "pw");
        BackstopConfig defaults = load(VALID, environment);
        DatabaseConfig app = defaults.database("app").orElseThrow();
        assertEquals(List.of("U0001", "U0002"), defaults.operatorsOf(app));
        assertTrue(defaults.slack().acceptsChannel("CANY"));
        assertEquals(List.of(), app.restoreTargets());
        assertEquals(Duration.ofSeconds(60), ((dev.backstop.engine.SqliteSettings) app.settings()).busyTimeout());
        assertEquals(Duration.ofMinutes(10), defaults.scheduler().stallTimeout());
        BackstopConfig set = load(VALID
                .replace("  approvers: [U0001, U0002]", "  approvers: [U0001, U0002]\n  operators: [U0009]\n  channels: [C0OPS]")
                .replace("    freshness: 25h", "    freshness: 25h\n    operators: [U0007]\n    busy_timeout: 5s\n"
                        + "    restore_targets: [./restored/, /srv/copy.db]")
                .replace("http:\n", "scheduler:\n  stall_timeout: 2m\nhttp:\n"), environment);
        assertEquals(List.of("U0007"), set.operatorsOf(set.database("app").orElseThrow()));
        assertEquals(List.of("U0009"), set.operatorsOf(set.database("warehouse").orElseThrow()));
        assertTrue(set.slack().acceptsChannel("C0OPS"));
        assertFalse(set.slack().acceptsChannel("C0DEV"));
        assertEquals(List.of("./restored/", "/srv/copy.db"), set.database("app").orElseThrow().restoreTargets());
        assertEquals(Duration.ofSeconds(5), ((dev.backstop.engine.SqliteSettings) set.database("app").orElseThrow().settings()).busyTimeout());
        assertEquals(Duration.ofMinutes(2), set.scheduler().stallTimeout());
    }

    @Test
    void a_busy_timeout_is_only_for_sqlite_and_must_be_positive() {
        assertEquals("databases.warehouse.busy_timeout: applies only to sqlite databases, whose backups wait for the"
                + " app's lock; remove it", error(VALID.replace("    password: ${PGPASS_WAREHOUSE}",
                "    password: ${PGPASS_WAREHOUSE}\n    busy_timeout: 5s")));
        assertEquals("databases.app.busy_timeout: '0s' is zero; a duration must be positive",
                error(VALID.replace("    freshness: 25h", "    freshness: 25h\n    busy_timeout: 0s")));
    }

    @Test
    void a_mysql_database_reads_its_url_and_password_and_names_a_bad_url() throws Exception {
        String mysql = VALID + "  shop:\n    engine: mysql\n    url: mysql://backup@db:3306/shop\n"
                + "    password: ${SHOP_DB_PASSWORD}\n";
        Map<String, String> environment = Map.of("SLACK_BOT_TOKEN", "xoxb-1", "PGPASS_WAREHOUSE", "pw",
                "SHOP_DB_PASSWORD", "sh0p");
        DatabaseConfig shop = load(mysql, environment).database("shop").orElseThrow();
        assertEquals(new dev.backstop.engine.MysqlSettings("mysql://backup@db:3306/shop", "sh0p"), shop.settings());
        assertFalse(shop.settings().toString().contains("sh0p"));
        String bad = assertThrows(ConfigException.class, () -> load(mysql.replace("mysql://backup@db:3306/shop",
                "mysql://backup@db:3306/"), environment)).getMessage();
        assertTrue(bad.endsWith("databases.shop.url: must be mysql://USER@HOST:PORT/DB (the URL names no database"
                + " (mysql://USER@HOST:PORT/DB))"), bad);
    }

    private static String s3(String extra) {
        return VALID.replace("  type: local\n  path: ./data/backups", "  type: s3\n  bucket: backups" + extra);
    }

    @Test
    void the_s3_part_size_defaults_to_8_mib_and_takes_binary_sizes() throws Exception {
        Map<String, String> environment = Map.of("SLACK_BOT_TOKEN", "xoxb-secret", "PGPASS_WAREHOUSE", "pw");
        assertEquals(8 << 20, load(s3(""), environment).storage().partSize());
        assertEquals(16 << 20, load(s3("\n  part_size: 16MiB"), environment).storage().partSize());
        assertEquals(5 << 20, load(s3("\n  part_size: 5MiB"), environment).storage().partSize());
        assertEquals(512 << 20, load(s3("\n  part_size: 512 MiB"), environment).storage().partSize());
    }

    @Test
    void a_part_size_that_s3_cannot_take_is_named() {
        assertEquals("storage.part_size: must be from 5MiB (the smallest part S3 takes) to 512MiB, not 4MiB",
                error(s3("\n  part_size: 4MiB")));
        assertEquals("storage.part_size: must be from 5MiB (the smallest part S3 takes) to 512MiB, not 1GiB",
                error(s3("\n  part_size: 1GiB")));
        assertEquals("storage.part_size: '16MB' is not a size (use e.g. 8MiB, 16MiB or 64MiB)",
                error(s3("\n  part_size: 16MB")));
        assertEquals("storage.part_size: applies only to s3 storage, whose uploads are cut into parts; remove it",
                error(VALID.replace("  path: ./data/backups", "  path: ./data/backups\n  part_size: 16MiB")));
    }

    @Test
    void s3_credentials_and_endpoint_errors_name_the_file_and_key() {
        assertEquals("storage.access_key_id: and storage.secret_access_key must be set together, or both left out"
                + " to use the AWS default credentials", error(s3("\n  access_key_id: AKIAEXAMPLE")));
        assertEquals("storage.access_key_id: and storage.secret_access_key must be set together, or both left out"
                + " to use the AWS default credentials", error(s3("\n  secret_access_key: hunter2")));
        assertEquals("storage.endpoint: 'minio:9000' is not a URL: write it as https://HOST or http://HOST:PORT",
                error(s3("\n  endpoint: minio:9000")));
        assertEquals("storage.endpoint: 'ftp://minio' is not a URL: write it as https://HOST or http://HOST:PORT",
                error(s3("\n  endpoint: ftp://minio")));
    }

    @Test
    void a_url_with_white_space_in_it_is_refused_so_no_password_hides_behind_a_space() {
        assertEquals("databases.warehouse.url: has white space in it; percent-encode it (a space is %20)",
                error(VALID.replace("url: postgresql://backstop@db.internal:5432/warehouse",
                        "url: \"postgresql://backstop:pa ss@db.internal:5432/warehouse\"")));
        assertEquals("databases.warehouse.restore_targets[0]: is a URL with white space in it; percent-encode it"
                + " (a space is %20)", error(VALID.replace("    password: ${PGPASS_WAREHOUSE}",
                "    password: ${PGPASS_WAREHOUSE}\n    restore_targets: [\"postgresql://u:pa ss@h/copy\"]")));
    }
}
