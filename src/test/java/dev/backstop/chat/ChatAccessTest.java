package dev.backstop.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.ConfigFile;
import dev.backstop.TestWorld;
import dev.backstop.cli.BackstopCli;
import dev.backstop.config.BackstopConfig;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.Progress;
import dev.backstop.services.Services;
import dev.backstop.wiring.Serving;
import dev.backstop.wiring.Wiring;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may do what from chat, checked on a real config file, catalog and SQLite databases. */
class ChatAccessTest {

    private static final String DATABASES = """
            databases:
              app:
                engine: sqlite
                path: ./app.db
              shop:
                engine: sqlite
                path: ./shop.db
                production: true
                operators: [U6]
            """;

    @TempDir
    Path home;

    private TestWorld world;

    private BackstopConfig config(String slack) throws Exception {
        world = new TestWorld(home);
        world.createDatabase(30);
        Files.copy(world.database, home.resolve("shop.db"));
        return ConfigFile.write(world, slack + DATABASES);
    }

    private static Outcome run(Services services, String command, String text, String user, String channel) {
        return new ChatCommands(services).handle(new ChatRequest(command, text, user, channel));
    }

    @Test
    void a_member_in_no_list_may_read_but_not_back_up_restore_or_drill() throws Exception {
        BackstopConfig config = config("slack:\n  approvers: [U1, U2, U3]\n  operators: [U4]\n");
        try (Services services = Wiring.services(config, Clock.systemUTC())) {
            services.backups().backup("app", "cron", Progress.NONE);
            String[][] changing = {{"/backup", "app", "back it up"}, {"/restore", "app latest", "restore it"},
                    {"/drill", "app", "drill it"}, {"/backstop", "backup app", "back it up"},
                    {"/backstop", "restore app latest --to ./restored/x.db", "restore it"},
                    {"/backstop", "drill app latest", "drill it"}, {"/backup", "shop", "back it up"},
                    {"/drill", "shop", "drill it"}, {"/restore", "shop latest", "restore it"}};
            for (String[] command : changing) {
                Reply refused = assertInstanceOf(Reply.class, run(services, command[0], command[1], "U5", "C1"),
                        String.join(" ", command));
                String database = command[1].contains("shop") ? "shop" : "app";
                String who = database.equals("shop") ? "<@U6>" : "<@U4>";
                assertEquals(":no_entry: Only operators of *" + database + "* may " + command[2] + ": " + who
                        + "; ask one of them.", refused.text());
                assertTrue(refused.ephemeral());
            }
            assertEquals(1, services.catalog().list("app", 10).size(), "no backup was taken");
            assertEquals(0, services.catalog().list("shop", 10).size());
            assertEquals(List.of(), services.approvals().needingAttention(), "no request was opened");
            List<AuditEntry> refusals = services.catalog().auditLog(50).stream()
                    .filter(entry -> entry.outcome().equals("refused")).toList();
            assertEquals(changing.length, refusals.size());
            assertTrue(refusals.stream().allMatch(entry -> entry.actor().equals("U5")), refusals.toString());
            assertEquals(List.of("backup", "restore", "drill"), refusals.subList(0, 3).stream()
                    .map(AuditEntry::action).toList());
            assertTrue(refusals.get(0).detail().contains("not an operator of app (slack.operators: U4)"),
                    refusals.get(0).detail());
            assertTrue(refusals.get(6).detail().contains("(databases.shop.operators: U6)"), refusals.get(6).detail());

            Reply listed = assertInstanceOf(Reply.class, run(services, "/backups", "app", "U5", "C1"));
            assertTrue(listed.text().startsWith("Newest 1 backups of *app*"), listed.text());
            Reply status = assertInstanceOf(Reply.class, run(services, "/backstop", "status", "U5", "C1"));
            assertTrue(status.text().startsWith("Backstop status"), status.text());
            assertTrue(assertInstanceOf(Reply.class, run(services, "/backstop", "help", "U5", "C1")).text()
                    .startsWith("*Backstop* backs up"));
            assertInstanceOf(Job.class, run(services, "/backup", "app", "U4", "C1"), "an operator backs up");
            assertInstanceOf(Confirmation.class, run(services, "/restore", "app latest", "U4", "C1"));
        }
    }

    @Test
    void operators_come_from_the_database_then_slack_operators_then_the_approvers() throws Exception {
        BackstopConfig config = config("slack:\n  approvers: [U1, U2, U3]\n");
        try (Services services = Wiring.services(config, Clock.systemUTC())) {
            assertInstanceOf(Job.class, run(services, "/backup", "app", "U2", "C1"), "approvers operate by default");
            Reply refused = assertInstanceOf(Reply.class, run(services, "/backup", "shop", "U2", "C1"));
            assertTrue(refused.text().contains("may back it up: <@U6>"), refused.text());
            assertInstanceOf(Job.class, run(services, "/drill", "shop", "U6", "C1"));
            Reply stranger = assertInstanceOf(Reply.class, run(services, "/backup", "app", "U6", "C1"));
            assertTrue(stranger.text().contains("<@U1>, <@U2>, <@U3>"), stranger.text());
        }
        BackstopConfig nobody = ConfigFile.write(world, DATABASES);
        try (Services services = Wiring.services(nobody, Clock.systemUTC())) {
            Reply refused = assertInstanceOf(Reply.class, run(services, "/restore", "app latest", "U1", "C1"));
            assertEquals(":no_entry: Nobody may restore *app* from chat: no operators are configured; an admin sets"
                    + " databases.app.operators or slack.operators.", refused.text());
        }
    }

    @Test
    void commands_are_taken_only_from_the_listed_channels() throws Exception {
        BackstopConfig config = config("slack:\n  approvers: [U1, U2, U3]\n  operators: [U4]\n  channels: [C0OPS, C0DEV]\n");
        try (Services services = Wiring.services(config, Clock.systemUTC())) {
            for (String[] command : new String[][] {{"/backup", "app"}, {"/backups", "app"}, {"/backstop", "help"}}) {
                Reply refused = assertInstanceOf(Reply.class, run(services, command[0], command[1], "U4", "C1"));
                assertEquals(":no_entry: Backstop takes commands only in <#C0OPS>, <#C0DEV>; run `" + command[0]
                        + "` there.", refused.text());
                assertTrue(refused.ephemeral());
            }
            assertEquals(3, services.catalog().auditLog(50).stream()
                    .filter(entry -> entry.detail().contains("channel C1 is not in slack.channels")).count());
            assertInstanceOf(Job.class, run(services, "/backup", "app", "U4", "C0DEV"));
            Reply member = assertInstanceOf(Reply.class, run(services, "/backup", "app", "U5", "C0OPS"));
            assertTrue(member.text().startsWith(":no_entry: Only operators of *app*"), member.text());
        }
    }

    @Test
    void the_terminal_user_operates_and_a_user_switched_to_has_that_users_rights() throws Exception {
        BackstopConfig config = config("slack:\n  approvers: [U1, U2, U3]\n  operators: [U4]\n  channels: [C0OPS]\n");
        try (Services services = Wiring.services(config, Clock.systemUTC())) {
            services.backups().backup("app", "cron", Progress.NONE);
        }
        String shellUser = TerminalChat.SHELL_USER + System.getProperty("user.name", "you");
        String typed = String.join("\n", "/backup app", "/as U5", "/backup app", "/backups app", "/as U4",
                "/drill app", "/as " + shellUser, "/restore app latest --to ../elsewhere.db", "") + "\n";
        StringWriter out = new StringWriter();
        int status = BackstopCli.run(Wiring::services, Serving::serve,
                new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out),
                new PrintWriter(new StringWriter()), "--config", home.resolve("backstop.yml").toString(), "serve");

        String shown = out.toString();
        assertEquals(0, status, shown);
        assertTrue(shown.contains(":hourglass: Backup of *app* started by @" + shellUser), shown);
        assertTrue(shown.contains(":no_entry: Only operators of *app* may back it up: @U4; ask one of them."), shown);
        assertTrue(shown.matches("(?s).*Newest [12] backups of \\*app\\*.*"), shown);
        assertTrue(shown.contains(":hourglass: Drill of *app* (backup `latest`) started by @U4"), shown);
        assertTrue(shown.contains("`../elsewhere.db` is not a restore target of app"), shown);
        assertFalse(Files.exists(home.getParent().resolve("elsewhere.db")));
    }
}
