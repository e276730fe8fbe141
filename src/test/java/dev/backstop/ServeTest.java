package dev.backstop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.catalog.ApprovalRow;
import dev.backstop.catalog.Catalog;
import dev.backstop.cli.BackstopCli;
import dev.backstop.wiring.Serving;
import dev.backstop.wiring.Wiring;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeTest {

    @TempDir
    Path root;

    private String serveWith(String slackKeys) throws Exception {
        TestWorld world = new TestWorld(root);
        world.createDatabase(10);
        Path config = world.writeConfigFile(false);
        Files.writeString(config, Files.readString(config).replace("slack:\n", "slack:\n" + slackKeys));
        StringWriter err = new StringWriter();
        int status = BackstopCli.run(Wiring::services, Serving::serve, new ByteArrayInputStream(new byte[0]),
                new PrintWriter(new StringWriter()), new PrintWriter(err), "--config", config.toString(), "serve");
        assertEquals(1, status, err.toString());
        return err.toString().trim();
    }

    @Test
    void serve_over_http_refuses_to_start_without_a_signing_secret() throws Exception {
        assertEquals("backstop: slack.signing_secret is empty; set SLACK_SIGNING_SECRET (the app's Signing Secret)"
                        + " so Backstop can check that requests come from Slack",
                serveWith("  bot_token: xoxb-not-checked-yet\n  api_url: http://127.0.0.1:9/api/\n"));
    }

    @Test
    void serve_refuses_an_app_token_without_a_bot_token() throws Exception {
        assertEquals("backstop: slack.app_token is set but slack.bot_token is empty; set SLACK_BOT_TOKEN (xoxb-...)"
                + " as well, or neither for the terminal chat", serveWith("  app_token: xapp-1\n"));
    }

    @Test
    void serve_says_what_to_check_when_slack_cannot_confirm_the_bot_token() throws Exception {
        String error = serveWith("  bot_token: xoxb-secret-value\n  signing_secret: s3cret\n"
                + "  api_url: http://127.0.0.1:9/api/\n");
        assertEquals(true, error.startsWith("backstop: Slack did not accept slack.bot_token (auth.test at"
                + " http://127.0.0.1:9/api/ said: "), error);
        assertEquals(false, error.contains("xoxb-secret-value") || error.contains("s3cret"), error);
    }

    @Test
    void serve_ends_at_start_up_a_restore_that_a_stopped_bot_left_approved_and_says_so() throws Exception {
        TestWorld world = new TestWorld(root, true);
        world.createDatabase(10);
        Path config = world.writeConfigFile(true);
        Instant lastHeartbeat = Instant.now().minus(Duration.ofHours(1));
        try (Catalog catalog = Catalog.open(world.config.catalog())) {
            catalog.saveApproval(new ApprovalRow("R1", "app", "B1", "5dd0", "", "U9", lastHeartbeat,
                    lastHeartbeat.plus(Duration.ofMinutes(30)), "approved", lastHeartbeat, List.of("U1", "U2"),
                    List.of(), null, "", lastHeartbeat, ""));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int status = BackstopCli.run(Wiring::services, Serving::serve, new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out), new PrintWriter(err), "--config", config.toString(), "serve");

        assertEquals(0, status, err.toString());
        assertTrue(out.toString().contains("[#ops] :warning: Restore of *app* for request `R1` did not finish: the bot"
                + " stopped while it ran"), out.toString());
        assertTrue(out.toString().contains("requested by @U9: request `R1`"), "the card is printed again: " + out);
        assertTrue(out.toString().contains("*State:* failed\n:x: interrupted: no heartbeat since "
                + lastHeartbeat.truncatedTo(ChronoUnit.MILLIS) + "; the bot stopped while the restore ran"),
                out.toString());
        try (Catalog catalog = Catalog.open(world.config.catalog())) {
            assertEquals("failed", catalog.findApproval("R1").orElseThrow().state());
        }
    }
}
