package dev.backstop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.ConfigFile;
import dev.backstop.TestWorld;
import dev.backstop.catalog.Catalog;
import dev.backstop.core.AuditEntry;
import dev.backstop.wiring.Wiring;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI restores anywhere its shell user says, except over a production database, however the path is spelled. */
class ProductionTargetCliTest {

    @TempDir
    Path dir;

    @TempDir
    Path outside;

    private record Result(int status, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = BackstopCli.run(Wiring::services, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }

    @Test
    void a_restore_over_a_production_file_needs_two_approvers_whichever_backup_and_spelling() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(100);
        Path shop = dir.resolve("shop.db");
        Files.copy(world.database, shop);
        try (Connection app = TestWorld.open(world.database)) {
            TestWorld.insertOrders(app, 25);
        }
        Files.createDirectories(dir.resolve("links"));
        Files.createSymbolicLink(dir.resolve("links/shop.db"), shop);
        ConfigFile.write(world, """
                slack:
                  approvers: [U1, U2, U3]
                databases:
                  app:
                    engine: sqlite
                    path: ./app.db
                  shop:
                    engine: sqlite
                    path: ./shop.db
                    production: true
                """);
        String config = dir.resolve("backstop.yml").toString();
        assertEquals(0, run("--config", config, "backup", "app").status());
        byte[] before = Files.readAllBytes(shop);

        for (String target : List.of(dir.resolve("links/shop.db").toString(), dir + "/restored/../shop.db",
                dir + "/links/../shop.db")) {
            Result refused = run("--config", config, "--as", "ops", "restore", "app", "latest", "--to", target);
            assertEquals(1, refused.status(), target);
            assertEquals("backstop: the target is production database shop: restoring it needs --approved-by U1,U2"
                    + " naming two different approvers from slack.approvers", refused.err().trim());
        }
        assertArrayEquals(before, Files.readAllBytes(shop));

        Path anywhere = outside.resolve("new/anywhere.db");
        assertEquals(0, run("--config", config, "restore", "app", "latest", "--to", anywhere.toString()).status(),
                "any other target is the shell user's choice");
        Result approved = run("--config", config, "--as", "ops", "restore", "app", "latest", "--approved-by", "U1,U2",
                "--to", dir.resolve("links/shop.db").toString());
        assertEquals(0, approved.status(), approved.err());
        assertEquals(TestWorld.rowCounts(world.database), TestWorld.rowCounts(shop));
        assertNotEquals(TestWorld.rowCounts(world.database).get("orders"), 100L);
        try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"))) {
            List<AuditEntry> approvals = catalog.auditLog(50).stream()
                    .filter(entry -> entry.action().equals("restore.approve")).toList();
            assertEquals(List.of("refused", "refused", "refused", "approved"),
                    approvals.stream().map(AuditEntry::outcome).toList());
            assertEquals("ops", approvals.get(3).actor());
        }
    }
}
