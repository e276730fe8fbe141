package dev.backstop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backstop.cli.BackstopCli;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
        int status = BackstopCli.run(Main::services, Main::serve, new ByteArrayInputStream(new byte[0]),
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
}
