package dev.backstop.chat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.ConfigFile;
import dev.backstop.TestWorld;
import dev.backstop.core.Progress;
import dev.backstop.services.Services;
import dev.backstop.wiring.Wiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a chat restore may write, tried with real SQLite files, folders and links, inside and outside the lists. */
class ChatTargetsTest {

    @TempDir
    Path home;

    @TempDir
    Path outside;

    private TestWorld world;
    private Services services;
    private Path victim;

    @BeforeEach
    void start() throws Exception {
        world = new TestWorld(home);
        world.createDatabase(40);
        Files.copy(world.database, home.resolve("shop.db"));
        victim = outside.resolve("victim.db");
        Files.copy(world.database, victim);
        Files.createDirectories(home.resolve("restored"));
        services = Wiring.services(ConfigFile.write(world, """
                slack:
                  approvers: [U1, U2, U3]
                  operators: [U4]
                databases:
                  app:
                    engine: sqlite
                    path: ./app.db
                    restore_targets: [./restored/, ./exact.db]
                  everywhere:
                    engine: sqlite
                    path: ./everywhere.db
                    restore_targets: [./]
                  shop:
                    engine: sqlite
                    path: ./shop.db
                    production: true
                  pg:
                    engine: postgres
                    url: postgresql://app@db.internal/pg
                    restore_targets: ["postgresql://app@staging.internal/pg_copy"]
                """), Clock.systemUTC());
        services.backups().backup("app", "cron", Progress.NONE);
        Files.copy(world.database, home.resolve("everywhere.db"));
        services.backups().backup("everywhere", "cron", Progress.NONE);
    }

    @org.junit.jupiter.api.AfterEach
    void stop() {
        services.close();
    }

    private Outcome restore(String database, String target) {
        return new ChatCommands(services).handle(new ChatRequest("/restore", database + " latest --to " + target,
                "U4", "C1"));
    }

    private String refused(String database, String target) {
        Reply reply = assertInstanceOf(Reply.class, restore(database, target), target);
        assertTrue(reply.ephemeral() && reply.text().startsWith(":no_entry: "), reply.text());
        return reply.text();
    }

    @Test
    void a_target_outside_every_listed_place_is_refused_before_anything_is_touched() throws Exception {
        Files.createSymbolicLink(home.resolve("restored/link.db"), victim);
        Files.createSymbolicLink(home.resolve("restored/sub"), outside);
        Files.createSymbolicLink(home.resolve("restored/dangling.db"), outside.resolve("none.db"));
        Files.copy(world.database, home.resolve("loose.db"));
        byte[] victimBefore = Files.readAllBytes(victim);
        byte[] looseBefore = Files.readAllBytes(home.resolve("loose.db"));
        Map<String, String> attempts = new LinkedHashMap<>();
        attempts.put(victim.toString(), "is not a restore target of app; --to may name only"
                + " databases.app.restore_targets: ./restored/, ./exact.db");
        attempts.put(outside.resolve("new/folder/x.db").toString(), "is not a restore target of app");
        attempts.put("./restored/../loose.db", "is not a restore target of app");
        attempts.put("restored/../../" + outside.getFileName() + "/victim.db", "is not a restore target of app");
        attempts.put("./restored/link.db", "is not a restore target of app");
        attempts.put("./restored/sub/victim.db", "is not a restore target of app");
        attempts.put("./restored/sub/fresh.db", "is not a restore target of app");
        attempts.put("./restored/sub/../sub/fresh.db", "is not a restore target of app");
        attempts.put("./restored/dangling.db", "cannot be followed");
        attempts.put("./restored/", "is not a restore target of app");
        attempts.put("./exact.db.old", "is not a restore target of app");
        attempts.put("postgresql://app@their-host/x", "is not a file path, and app restores only into files");
        for (Map.Entry<String, String> attempt : attempts.entrySet()) {
            String text = refused("app", attempt.getKey());
            assertTrue(text.contains("`" + attempt.getKey() + "` " + attempt.getValue()), text);
            assertEquals(1, text.lines().count(), text);
        }
        Reply joined = assertInstanceOf(Reply.class, new ChatCommands(services).handle(new ChatRequest("/restore",
                "app latest --to=" + victim, "U4", "C1")));
        assertTrue(joined.text().contains("is not a restore target of app"), joined.text());
        assertArrayEquals(victimBefore, Files.readAllBytes(victim));
        assertArrayEquals(looseBefore, Files.readAllBytes(home.resolve("loose.db")));
        assertFalse(Files.exists(outside.resolve("new")), "no folder was made");
        assertFalse(Files.exists(outside.resolve("fresh.db")));
        assertFalse(Files.exists(outside.resolve("none.db")));
        assertFalse(Files.exists(home.resolve("restored/exact.db.old")));
        assertEquals(attempts.size() + 1, services.catalog().auditLog(100).stream()
                .filter(entry -> entry.action().equals("restore") && entry.outcome().equals("refused")
                        && entry.actor().equals("U4")).count());
    }

    @Test
    void a_listed_file_with_another_hard_link_is_refused_before_it_is_written() throws Exception {
        Path elsewhere = Files.writeString(outside.resolve("notes.db"), "not yours");
        Files.createLink(home.resolve("restored/notes.db"), elsewhere);

        String text = refused("app", "./restored/notes.db");

        assertTrue(text.contains("has other hard links, so a restore would also change them"), text);
        assertEquals("not yours", Files.readString(elsewhere));
    }

    @Test
    void backstops_own_files_and_configured_databases_are_refused_even_inside_a_listed_folder() throws Exception {
        Files.createDirectories(home.resolve("links"));
        Files.createSymbolicLink(home.resolve("links/shop.db"), home.resolve("shop.db"));
        Files.createLink(home.resolve("restored/hard-shop.db"), home.resolve("shop.db"));
        Files.createLink(home.resolve("restored/hard-catalog.db"), home.resolve("catalog.db"));
        byte[] shopBefore = Files.readAllBytes(home.resolve("shop.db"));
        byte[] catalogBefore = Files.readAllBytes(home.resolve("catalog.db"));
        Map<String, String> attempts = new LinkedHashMap<>();
        attempts.put("./catalog.db", "is Backstop's catalog");
        attempts.put("catalog.db-wal", "is Backstop's catalog");
        attempts.put("./backstop.yml", "is Backstop's config file");
        attempts.put("./age.key", "is Backstop's identity file");
        attempts.put("./backups/app/evil.db", "is in Backstop's backup storage");
        attempts.put("./shop.db", "is database shop (production)");
        attempts.put("./links/shop.db", "is database shop (production)");
        attempts.put("./restored/hard-shop.db", "is database shop (production)");
        attempts.put("./restored/hard-catalog.db", "is Backstop's catalog");
        attempts.put("./links/../restored/../shop.db", "is database shop (production)");
        attempts.put("./app.db", "is database app");
        attempts.put("./everywhere.db", "is database everywhere");
        for (Map.Entry<String, String> attempt : attempts.entrySet()) {
            String text = refused("everywhere", attempt.getKey());
            assertTrue(text.contains("`" + attempt.getKey() + "` " + attempt.getValue() + "; chat restores never"
                    + " write there"), text);
        }
        assertArrayEquals(shopBefore, Files.readAllBytes(home.resolve("shop.db")));
        assertArrayEquals(catalogBefore, Files.readAllBytes(home.resolve("catalog.db")));
        assertFalse(Files.exists(home.resolve("backups/app/evil.db")));
    }

    @Test
    void urls_must_be_listed_exactly_and_never_carry_a_password() {
        assertTrue(refused("pg", "postgresql://app@their-host/x").contains("is not a restore target of pg;"
                + " --to may name only databases.pg.restore_targets: postgresql://app@staging.internal/pg_copy"));
        assertTrue(refused("pg", "postgresql://app@staging.internal/pg_copy?host=their-host")
                .contains("is not a restore target of pg"));
        assertTrue(refused("pg", "postgresql://app@db.internal:5432/pg").contains("is not a restore target of pg"),
                "a URL that is not listed is refused before its host is ever looked up");
        String password = refused("pg", "postgresql://app:hunter2@staging.internal/pg_copy");
        assertTrue(password.contains("`postgresql://app:***@staging.internal/pg_copy` carries a password"), password);
        assertFalse(password.contains("hunter2"));
        assertTrue(services.catalog().auditLog(50).stream().noneMatch(entry -> entry.toString().contains("hunter2")));
        Reply listed = assertInstanceOf(Reply.class, restore("pg", "postgres://app@STAGING.internal:5432/pg_copy"));
        assertTrue(listed.text().startsWith(":warning: database pg has no succeeded backup"),
                "the target passed, and the backup is looked up next: " + listed.text());
    }

    @Test
    void a_listed_target_is_restored_where_the_config_folder_says() throws Exception {
        String fresh = refused("app", "./restored/fresh/copy.db");
        assertTrue(fresh.contains("is in a folder that does not exist, and chat restores never create folders"), fresh);
        assertFalse(Files.exists(home.resolve("restored/fresh")));
        Files.createDirectories(home.resolve("restored/deeper"));
        for (String target : new String[] {"restored/new.db", "./restored/deeper/copy.db", "./exact.db"}) {
            Confirmation confirmation = assertInstanceOf(Confirmation.class, restore("app", target), target);
            Path expected = home.toRealPath().resolve(target).normalize();
            assertTrue(confirmation.question().text().contains("to `" + expected + "`"), confirmation.question().text());
            Reply done = confirmation.job().work().run(Progress.NONE);
            assertTrue(done.text().contains("restored to `" + expected + "`"), done.text());
            assertEquals(TestWorld.rowCounts(world.database), TestWorld.rowCounts(expected));
        }
        assertFalse(Files.exists(Path.of("restored")), "nothing was written under the working directory");
    }
}
