package dev.backstop.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.ConfigFile;
import dev.backstop.approval.ApprovalState;
import dev.backstop.engine.FakeD1Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /restore shop --at TIME} over Slack for a production D1 database: a card with the bookmark, two approvers. */
class SlackTimeTravelApprovalTest {

    @TempDir
    Path root;

    private FakeD1Api d1;
    private SlackHarness harness;

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
        if (d1 != null) {
            d1.close();
        }
    }

    @Test
    void the_card_shows_the_bookmark_and_the_second_approval_restores_it_naming_the_previous_one() throws Exception {
        d1 = new FakeD1Api(Files.createDirectories(root.resolve("d1")));
        String shop = d1.create("shop", "CREATE TABLE orders (id INTEGER PRIMARY KEY); INSERT INTO orders VALUES (1), (2);");
        harness = new SlackHarness(root, (world, apiUrl, secret) -> ConfigFile.write(world, """
                slack:
                  bot_token: xoxb-test
                  signing_secret: %s
                  api_url: %s
                  approvers: [U1, U2, U3]
                databases:
                  app:
                    engine: sqlite
                    path: ./app.db
                  shop:
                    engine: d1
                    production: true
                    operators: [U1]
                    account_id: %s
                    database_id: %s
                    api_token: ${CLOUDFLARE_API_TOKEN}
                    api_url: %s
                """.formatted(secret, apiUrl, FakeD1Api.ACCOUNT, shop, d1.apiUrl()),
                Map.of("CLOUDFLARE_API_TOKEN", FakeD1Api.TOKEN)));
        Instant before = Instant.now();
        d1.column(shop, "DELETE FROM orders");
        ApprovalDriver slack = new ApprovalDriver(harness);

        ApprovalDriver.Posted card = slack.ask("shop --at " + before, "U1");
        String bound = harness.services.approvals().find(card.requestId()).orElseThrow().bookmark();
        String text = ApprovalDriver.blocks(card.call()).get(0).path("text").path("text").asText();
        assertTrue(text.contains("to how it was at " + before + " (bookmark `" + bound + "`)"), text);
        assertTrue(text.contains("no pre-restore backup is taken"), text);

        slack.press(BlockKit.APPROVE, card, "U1");
        slack.awaitNote("your vote was not counted");
        slack.press(BlockKit.APPROVE, card, "U2");
        slack.awaitCard(card, "*Approvals:* 1 of 2: <@U2>");
        assertEquals(List.of("0"), d1.column(shop, "SELECT count(*) FROM orders"), "one approval restores nothing");
        slack.press(BlockKit.APPROVE, card, "U3");
        FakeSlackApi.Call executed = slack.awaitCard(card, "*State:* executed");

        assertTrue(executed.field("text").contains("previous_bookmark `"), executed.field("text"));
        assertEquals(List.of(bound), d1.restoredBookmarks());
        assertEquals(List.of("2"), d1.column(shop, "SELECT count(*) FROM orders"));
        assertEquals(ApprovalState.EXECUTED, harness.services.approvals().find(card.requestId()).orElseThrow().state());
    }
}
