package dev.backstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.approval.ApprovalRequest;
import dev.backstop.chat.ChatCommands;
import dev.backstop.chat.ChatRequest;
import dev.backstop.chat.Reply;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.Progress;
import dev.backstop.core.Redaction;
import dev.backstop.services.Services;
import dev.backstop.wiring.Wiring;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A password inside a restore target never reaches Slack, the terminal, status or the audit log. */
class TargetPasswordTest {

    private static final String TARGET = "postgresql://bob:s3cret@db.internal:5432/shop_copy";

    @TempDir
    Path dir;

    @Test
    void redaction_hides_url_passwords_and_password_settings() {
        assertEquals("postgresql://bob:***@db.internal:5432/shop_copy", Redaction.secrets(TARGET));
        assertEquals("host=db password=*** user=bob", Redaction.secrets("host=db password=hunter2 user=bob"));
        assertEquals("/var/lib/app.db", Redaction.secrets("/var/lib/app.db"));
    }

    /** Chat refuses a target with a password in it; a request made without chat still shows none. */
    @Test
    void a_production_request_shows_its_target_without_the_password() throws Exception {
        TestWorld world = new TestWorld(dir, true);
        world.createDatabase(20);
        Path config = world.writeConfigFile(true);
        String card;
        String refusal;
        try (Services services = world.services()) {
            services.backups().backup("app", "cron", Progress.NONE);
            ChatCommands chat = new ChatCommands(services);
            refusal = ((Reply) chat.handle(new ChatRequest("/restore", "app latest --to " + TARGET, "U9", "C1"))).text();
            ApprovalRequest request = services.approvals().request("app", "latest", TARGET, "U9");
            card = chat.approvals().find(request.id()).orElseThrow().body().text();
            assertEquals(TARGET, services.approvals().find(request.id()).orElseThrow().target(),
                    "the request keeps what it needs to run");
            for (AuditEntry entry : services.catalog().auditLog(50)) {
                assertFalse(entry.toString().contains("s3cret"), entry.toString());
            }
        }
        assertTrue(refusal.contains("`postgresql://bob:***@db.internal:5432/shop_copy` carries a password"), refusal);
        assertFalse(refusal.contains("s3cret"), refusal);
        assertTrue(card.contains("postgresql://bob:***@db.internal:5432/shop_copy"), card);
        assertFalse(card.contains("s3cret"), card);

        StringWriter out = new StringWriter();
        int exit = BackstopCli.run(Wiring::services, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                "--config", config.toString(), "status", "--json");
        assertEquals(0, exit);
        assertTrue(out.toString().contains("bob:***@db.internal"), out.toString());
        assertFalse(out.toString().contains("s3cret"), out.toString());
    }
}
