package dev.backstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.TestWorld;
import dev.backstop.catalog.Catalog;
import dev.backstop.config.ConfigLoader;
import dev.backstop.wiring.Wiring;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What operators read from the CLI: listings, drills, prune previews, status and init, on a real installation. */
class OperatorOutputTest {

    @TempDir
    Path dir;

    private Instant now = Instant.parse("2026-11-10T02:00:00Z");

    private CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = BackstopCli.run(file -> Wiring.services(new ConfigLoader(Map.of(), dev.backstop.engine.Engines.ALL).load(file),
                Clock.fixed(now, ZoneOffset.UTC)), new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(status, out.toString(), err.toString());
    }

    private CliRun cli(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = dir.resolve("backstop.yml").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return run(all);
    }

    private Path world(String extraConfig) throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(50);
        Path config = world.writeConfigFile(false);
        Files.writeString(config, Files.readString(config) + extraConfig);
        return config;
    }

    private static List<JsonNode> rows(String json) throws Exception {
        return StreamSupport.stream(new ObjectMapper().readTree(json).spliterator(), false).toList();
    }

    @Test
    void list_shows_why_a_backup_failed_hides_pruned_ones_unless_all_and_names_fields_as_the_manifest() throws Exception {
        Path config = world("");
        assertEquals(0, cli("backup", "app").status());
        now = now.plusSeconds(60);
        String good = cli("backup", "app").out().trim();
        Files.move(dir.resolve("app.db"), dir.resolve("moved.db"));
        now = now.plusSeconds(60);
        assertEquals(1, cli("backup", "app").status());
        Files.writeString(config, Files.readString(config) + "    retention: { keep_last: 1 }\n");
        Files.move(dir.resolve("moved.db"), dir.resolve("app.db"));
        assertEquals(0, cli("prune", "app").status());

        CliRun table = cli("list", "app");
        List<String> lines = table.out().lines().toList();
        assertEquals(3, lines.size(), "header, the failed backup and the kept one: " + table.out());
        assertTrue(lines.get(0).endsWith("NOTE"), lines.get(0));
        assertTrue(lines.get(1).contains("failed") && lines.get(1).contains("app.db"), "the reason is shown: " + lines.get(1));
        assertTrue(lines.get(2).startsWith(good) && lines.get(2).endsWith(" -"), lines.get(2));
        assertEquals(4, cli("list", "app", "--all").out().lines().count(), "--all adds the pruned backup");

        List<JsonNode> json = rows(cli("list", "app", "--json").out());
        assertEquals(List.of("failed", "succeeded"), json.stream().map(row -> row.get("status").asText()).toList());
        JsonNode kept = json.get(1);
        for (String field : new String[] {"id", "database", "created_at", "size_bytes", "sha256", "status",
                "dump_size_bytes", "dump_sha256"}) {
            assertTrue(kept.has(field), field);
        }
        assertFalse(kept.has("raw_sha256"));
        assertTrue(kept.get("error").isNull(), "no error is JSON null, not an empty string");
        assertTrue(json.get(0).get("error").asText().contains("app.db"), json.get(0).toString());
        String manifest;
        try (var files = Files.walk(dir.resolve("backups"))) {
            manifest = Files.readString(files.filter(file -> file.toString().endsWith(".json")).findFirst().orElseThrow());
        }
        assertEquals(new ObjectMapper().readTree(manifest).get("dump_sha256").asText(), kept.get("dump_sha256").asText());
        assertEquals(List.of("failed", "succeeded", "pruned"),
                rows(cli("list", "app", "--all", "--json").out()).stream().map(row -> row.get("status").asText()).toList());
    }

    @Test
    void drill_prints_a_readable_summary_json_on_request_and_judges_freshness_only_for_latest() throws Exception {
        world("    freshness: 1h\n    drill: { rto: 5m, required_tables: [orders] }\n");
        String older = cli("backup", "app").out().trim();
        now = now.plus(Duration.ofHours(2));
        assertEquals(0, cli("backup", "app").status());

        CliRun latest = cli("drill", "app");
        assertEquals(0, latest.status(), latest.err());
        assertTrue(latest.out().startsWith("drill "), latest.out());
        assertTrue(latest.out().lines().findFirst().orElseThrow().contains(" passed: backup "), latest.out());
        assertTrue(latest.out().contains("against an RTO of 5m"), latest.out());
        assertTrue(latest.out().lines().anyMatch(line -> line.startsWith("freshness") && line.contains("ok")), latest.out());
        assertFalse(latest.out().contains(" ms"), "one unit style: " + latest.out());

        CliRun chosen = cli("drill", "app", older, "--json");
        assertEquals(0, chosen.status(), "an older backup is chosen on purpose, so its age is no failure: " + chosen.out());
        JsonNode summary = new ObjectMapper().readTree(chosen.out());
        assertTrue(summary.get("passed").asBoolean());
        assertEquals(older, summary.get("backup_id").asText());
        assertTrue(StreamSupport.stream(summary.get("checks").spliterator(), false)
                .noneMatch(check -> check.get("name").asText().equals("freshness")));

        now = now.plus(Duration.ofHours(2));
        CliRun stale = cli("drill", "app", "latest");
        assertEquals(1, stale.status());
        assertTrue(stale.out().contains("FAILED"), stale.out());
        assertTrue(stale.err().startsWith("backstop: drill of app failed: freshness: backup is 2h old, limit 1h"),
                stale.err());
    }

    @Test
    void prune_and_the_audit_log_describe_the_policy_in_words() throws Exception {
        Path config = world("");
        assertEquals(0, cli("backup", "app").status());
        now = now.plusSeconds(1);
        assertEquals(0, cli("backup", "app").status());
        CliRun none = cli("prune", "app", "--dry-run");
        assertTrue(none.out().startsWith("app: no retention policy: every backup is kept\n"), none.out());
        assertFalse(none.out().contains("2147483647"), none.out());
        assertTrue(none.out().contains("no retention policy"), none.out());

        Files.writeString(config, Files.readString(config)
                + "    retention: { keep_last: 1, keep_daily: 7, keep_weekly: 4 }\n");
        CliRun policy = cli("prune", "app", "--dry-run");
        assertTrue(policy.out().startsWith("app: keep the last 1 and the newest of each of the last 7 days and 4 weeks\n"),
                policy.out());
        assertEquals(0, cli("--as", "ops", "prune", "app").status());
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            String detail = catalog.auditLog(50).stream().filter(entry -> entry.action().equals("prune"))
                    .findFirst().orElseThrow().detail();
            assertFalse(detail.contains("RetentionPolicy["), detail);
            assertTrue(detail.contains("keep the last 1 and the newest of each of the last 7 days and 4 weeks"), detail);
        }
    }

    @Test
    void status_shows_exact_ages_alerts_evaluated_now_and_says_what_dump_and_trend_mean() throws Exception {
        world("    freshness: 1m\n");
        assertEquals(0, cli("backup", "app").status());
        now = now.plusSeconds(91);
        CliRun status = cli("status");
        assertEquals(0, status.status(), status.err());
        List<String> lines = status.out().lines().toList();
        assertTrue(lines.get(0).contains(" DUMP ") && lines.get(0).contains(" TREND "), lines.get(0));
        assertTrue(lines.get(1).contains("1m 31s") && lines.get(1).contains("STALE"), lines.get(1));
        assertTrue(lines.get(1).endsWith("backup.stale"), "judged now, though no `serve` ever ran: " + lines.get(1));
        assertTrue(status.out().contains("TREND compares it with the median dump size of the five good backups"),
                status.out());
        assertTrue(status.out().contains("ALERTS are the alert conditions that hold now, evaluated at 2026-11-10"
                + " 02:01:31 UTC"), status.out());
        JsonNode json = new ObjectMapper().readTree(cli("status", "--json").out()).get(0);
        assertEquals("backup.stale", json.get("alerts_now").get(0).asText());
        assertEquals(0, json.get("open_alerts").size(), "no alert was posted");
    }

    @Test
    void an_unknown_database_or_option_is_bad_usage_with_exit_2() throws Exception {
        world("");
        for (String[] args : List.of(new String[] {"backup", "nope"}, new String[] {"list", "nope"},
                new String[] {"verify", "nope", "latest"}, new String[] {"drill", "nope"},
                new String[] {"prune", "nope", "--dry-run"}, new String[] {"restore", "nope", "latest"})) {
            CliRun unknown = cli(args);
            assertEquals(2, unknown.status(), Arrays.toString(args));
            assertEquals("backstop: unknown database 'nope'; configured databases: app\n", unknown.err());
        }
        CliRun option = cli("drill", "app", "--jsn");
        assertEquals(2, option.status());
        assertTrue(option.err().contains("run `backstop drill --help` for usage"), option.err());
        CliRun limit = cli("list", "app", "-n", "-1");
        assertEquals(2, limit.status());
        assertEquals("backstop: -n/--limit must be at least 1, not -1; run `backstop list --help` for usage\n", limit.err());
        CliRun help = cli("help", "nope");
        assertEquals(2, help.status());
        assertFalse(help.err().contains(".;"), help.err());
        assertEquals(1, cli("restore", "app", "20990101T000000000Z-0000").status(), "a missing backup is no usage error");
    }

    @Test
    void init_without_demo_says_what_to_edit_and_prints_a_command_that_exists() throws Exception {
        Path config = dir.resolve("backstop.yml");
        CliRun init = run("--config", config.toString(), "init");
        assertEquals(0, init.status(), init.err());
        String next = init.out().lines().filter(line -> line.startsWith("next: ")).findFirst().orElseThrow();
        assertTrue(next.contains("edit databases.app.path in " + config), next);
        assertFalse(next.contains("next: backstop "), "there is no `backstop` command on the PATH: " + next);
        String command = next.substring(next.indexOf("then run: ") + "then run: ".length());
        assertTrue(command.startsWith("java -jar target/backstop.jar --config " + config + " backup app"), command);
        assertTrue(Files.readString(config).contains("change this to your SQLite database file"));

        new TestWorld(dir).createDatabase(5);
        String[] printed = command.substring("java -jar target/backstop.jar ".length()).split(" ");
        CliRun backup = run(printed);
        assertEquals(0, backup.status(), "the printed command works once the path is edited: " + backup.err());

        Path demo = dir.resolve("demo/backstop.yml");
        CliRun withDemo = run("--config", demo.toString(), "init", "--demo");
        assertTrue(withDemo.out().contains("next: java -jar target/backstop.jar --config " + demo + " backup app"),
                withDemo.out());
    }
}
