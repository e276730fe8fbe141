package dev.backstop.slack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.ConfigFile;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.Progress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may do what, through signed slash commands to the real bot: refusals are private, audited, and touch nothing. */
class SlackAccessTest extends SlackHarnessFixture {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path outside;

    private void start(String channels) throws Exception {
        harness = new SlackHarness(root, (world, apiUrl, secret) -> {
            Files.copy(world.database, world.root.resolve("shop.db"));
            Files.createDirectories(world.root.resolve("links"));
            Files.createSymbolicLink(world.root.resolve("links/shop.db"), world.root.resolve("shop.db"));
            return ConfigFile.write(world, """
                    slack:
                      bot_token: xoxb-test
                      signing_secret: %s
                      api_url: %s
                      approvers: [U1, U2, U3]
                      operators: [U4]
                      channels: %s
                    databases:
                      app:
                        engine: sqlite
                        path: ./app.db
                        restore_targets: [./restored/, ./links/]
                      shop:
                        engine: sqlite
                        path: ./shop.db
                        production: true
                      alias:
                        engine: sqlite
                        path: ./links/shop.db
                    """.formatted(secret, apiUrl, channels));
        });
        harness.services.backups().backup("app", "cron", Progress.NONE);
    }

    private static String privately(HttpResponse<String> ack) throws Exception {
        assertEquals(200, ack.statusCode());
        JsonNode reply = JSON.readTree(ack.body());
        assertEquals("ephemeral", reply.path("response_type").asText(), ack.body());
        return reply.path("text").asText();
    }

    private List<AuditEntry> refusals() {
        return harness.services.catalog().auditLog(100).stream().filter(entry -> entry.outcome().equals("refused"))
                .toList();
    }

    @Test
    void a_member_in_no_list_is_refused_privately_and_may_still_read() throws Exception {
        start("[]");
        for (String[] command : new String[][] {{"/backup", "shop"}, {"/drill", "shop"}, {"/restore", "app latest"},
                {"/backstop", "backup app"}}) {
            String text = privately(harness.command(command[0], command[1], "U5"));
            assertTrue(text.startsWith(":no_entry: Only operators of *") && text.endsWith(": <@U4>; ask one of them."),
                    text);
        }
        assertTrue(privately(harness.command("/backups", "app", "U5")).startsWith("Newest 1 backups of *app*"));
        harness.awaitQuiet();
        assertEquals(List.of(), harness.slack.calls("chat.postMessage"), "nothing ran, nothing was posted");
        assertEquals(0, harness.services.catalog().list("shop", 10).size());
        assertEquals(1, harness.services.catalog().list("app", 10).size());
        assertEquals(List.of("backup", "drill", "restore", "backup"), refusals().stream().map(AuditEntry::action).toList());
        assertTrue(refusals().stream().allMatch(entry -> entry.actor().equals("U5")));
    }

    @Test
    void a_command_from_a_channel_outside_slack_channels_is_refused() throws Exception {
        start("[C0OPS]");
        String text = privately(harness.command("/backup", "app", "U4", "C1"));
        assertEquals(":no_entry: Backstop takes commands only in <#C0OPS>; run `/backup` there.", text);
        assertTrue(privately(harness.command("/backups", "app", "U5", "C1")).contains("only in <#C0OPS>"));
        harness.awaitQuiet();
        assertEquals(List.of(), harness.slack.calls("chat.postMessage"));
        assertEquals(1, harness.services.catalog().list("app", 10).size());
        assertEquals(2, refusals().size());

        assertEquals(200, harness.command("/backup", "app", "U4", "C0OPS").statusCode());
        harness.slack.await(Duration.ofSeconds(30), call -> call.method().equals("chat.update")
                && call.field("text").contains("Backup of *app* done"));
    }

    @Test
    void a_to_outside_the_restore_targets_is_refused_and_the_file_is_untouched() throws Exception {
        start("[]");
        Path victim = outside.resolve("victim.db");
        Files.copy(harness.world.database, victim);
        byte[] before = Files.readAllBytes(victim);
        Files.createSymbolicLink(root.resolve("links/escape.db"), victim);
        for (String target : List.of(victim.toString(), "./restored/../../" + outside.getFileName() + "/victim.db",
                "./links/escape.db", outside.resolve("new/x.db").toString(), "postgresql://app@their-host/x")) {
            String text = privately(harness.command("/restore", "app latest --to " + target, "U4"));
            assertTrue(text.startsWith(":no_entry: `" + target + "` is not"), text);
        }
        harness.awaitQuiet();
        assertArrayEquals(before, Files.readAllBytes(victim));
        assertFalse(Files.exists(outside.resolve("new")));
        assertEquals(List.of(), harness.slack.calls("chat.postMessage"));
        assertEquals(5, refusals().size());
    }

    @Test
    void a_to_that_is_a_production_database_is_refused_and_a_restore_landing_on_one_needs_approvers() throws Exception {
        start("[]");
        byte[] before = Files.readAllBytes(root.resolve("shop.db"));
        for (String target : List.of("./links/shop.db", root.resolve("restored/../shop.db").toString())) {
            String text = privately(harness.command("/restore", "app latest --to " + target, "U4"));
            assertTrue(text.startsWith(":no_entry: `" + target + "` is database shop (production); chat restores"
                    + " never write there"), text);
        }
        assertArrayEquals(before, Files.readAllBytes(root.resolve("shop.db")));

        harness.services.backups().backup("alias", "cron", Progress.NONE);
        String note = privately(harness.command("/restore", "alias latest", "U4"));
        assertTrue(note.startsWith(":inbox_tray: the target is production database *shop*, so restoring it needs 2"
                + " approvers"), note);
        FakeSlackApi.Call card = harness.slack.await(Duration.ofSeconds(30), call ->
                call.method().equals("chat.postMessage") && call.field("blocks").contains(BlockKit.APPROVE));
        assertTrue(card.field("text").contains("*Production restore* requested by <@U4>"), card.field("text"));
        assertTrue(card.field("text").contains("(overwrites production database *shop*)"), card.field("text"));
        harness.awaitQuiet();
        assertArrayEquals(before, Files.readAllBytes(root.resolve("shop.db")), "nothing runs before two approvals");
    }
}
