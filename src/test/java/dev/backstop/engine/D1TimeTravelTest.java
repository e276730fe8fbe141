package dev.backstop.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.wiring.Wiring;
import dev.backstop.TestWorld;
import dev.backstop.cli.BackstopCli;
import dev.backstop.chat.ApprovalAsked;
import dev.backstop.chat.ChatCommands;
import dev.backstop.chat.ChatRequest;
import dev.backstop.chat.Confirmation;
import dev.backstop.chat.Reply;
import dev.backstop.services.Services;
import dev.backstop.core.Progress;
import dev.backstop.config.ConfigLoader;
import dev.backstop.core.AuditEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backstop restore DB --at TIME}: D1 Time Travel in place, refused in one line where it cannot run. */
class D1TimeTravelTest {

    @TempDir
    Path home;

    private FakeD1Api api;
    private TestWorld world;
    private Path config;
    private String shop;

    @BeforeEach
    void start() throws Exception {
        api = new FakeD1Api(Files.createDirectories(home.resolve("d1")));
        world = new TestWorld(home);
        world.createDatabase(5);
        shop = api.create("shop", "CREATE TABLE orders (id INTEGER PRIMARY KEY); INSERT INTO orders VALUES (1), (2), (3);");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private void config(boolean production) throws IOException {
        config = home.resolve("backstop.yml");
        Files.writeString(config, """
                catalog: ./catalog.db
                storage:
                  type: local
                  path: ./backups
                encryption:
                  recipients: [%s]
                  identity_file: ./age.key
                slack:
                  approvers: [U1, U2, U3]
                databases:
                  app:
                    engine: sqlite
                    path: ./app.db
                  shop:
                    engine: d1
                    operators: [U9]
                    production: %s
                    account_id: %s
                    database_id: %s
                    api_token: ${CLOUDFLARE_API_TOKEN}
                    api_url: %s
                """.formatted(world.key.recipient(), production, FakeD1Api.ACCOUNT, shop, api.apiUrl()));
    }

    private record Run(int status, String out, String err) {
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = Stream.concat(Stream.of("--config", config.toString(), "--as", "cli:ops"), Stream.of(args))
                .toArray(String[]::new);
        int status = BackstopCli.run(file -> services(), new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(status, out.toString(), err.toString());
    }

    private Services services() {
        return Wiring.services(new ConfigLoader(Map.of("CLOUDFLARE_API_TOKEN", FakeD1Api.TOKEN), Engines.ALL).load(config),
                Clock.systemUTC());
    }

    private List<String> orders() {
        return api.column(shop, "SELECT count(*) FROM orders");
    }

    @Test
    void a_restore_at_a_time_puts_the_database_back_and_names_the_bookmark_that_undoes_it() throws Exception {
        config(false);
        Instant before = Instant.now();
        api.column(shop, "DELETE FROM orders");

        Run run = cli("restore", "shop", "--at", before.toString());

        assertEquals(0, run.status(), run.toString());
        assertEquals(List.of("3"), orders());
        assertTrue(run.out().matches("restored shop to \\S+ \\(bookmark \\d{8}-[0-9a-f]{8}\\); to undo it, restore"
                + " bookmark \\d{8}-[0-9a-f]{8}\\n"), run.out());
        try (Services services = services()) {
            AuditEntry entry = services.catalog().auditLog(5).stream().filter(audit -> audit.action().equals("restore.at"))
                    .findFirst().orElseThrow();
            assertEquals(List.of("cli:ops", "succeeded", "d1://" + shop), List.of(entry.actor(), entry.outcome(),
                    entry.target()));
        }
    }

    @Test
    void future_times_old_times_engines_without_it_and_an_id_with_it_are_refused_before_anything_runs()
            throws Exception {
        config(false);
        int before = api.seen.size();

        Run future = cli("restore", "shop", "--at", Instant.now().plus(Duration.ofHours(1)).toString());
        Run old = cli("restore", "shop", "--at", Instant.now().minus(Duration.ofDays(31)).toString());
        Run sqlite = cli("restore", "app", "--at", Instant.now().minus(Duration.ofHours(1)).toString());
        Run both = cli("restore", "shop", "latest", "--at", Instant.now().toString());
        Run garbled = cli("restore", "shop", "--at", "yesterday");

        assertEquals(List.of(1, 1, 1, 2, 2), Stream.of(future, old, sqlite, both, garbled).map(Run::status).toList());
        for (Run run : List.of(future, old, sqlite)) {
            assertEquals(1, run.err().strip().lines().count(), run.err());
        }
        assertTrue(future.err().contains("is in the future; give a past time for --at"), future.err());
        assertTrue(old.err().contains("is more than 30d ago, beyond what the d1 engine can reach"), old.err());
        assertTrue(sqlite.err().contains("the sqlite engine of app cannot restore to a point in time"), sqlite.err());
        assertTrue(both.err().contains("give no backup id and no --to"), both.err());
        assertEquals(before, api.seen.size(), "nothing reached D1");
    }

    @Test
    void a_production_database_needs_approvers_for_a_restore_at_a_time() throws Exception {
        config(true);
        Instant before = Instant.now();
        api.column(shop, "DELETE FROM orders");

        Run refused = cli("restore", "shop", "--at", before.toString());
        List<String> left = orders();
        Run approved = cli("restore", "shop", "--at", before.toString(), "--approved-by", "U1,U2");

        assertEquals(1, refused.status(), refused.toString());
        assertEquals(List.of("0"), left, "nothing was restored without approvers");
        assertEquals(0, approved.status(), approved.toString());
        assertEquals(List.of("3"), orders());
    }

    @Test
    void chat_restores_to_a_time_after_confirmation_and_asks_approvers_for_production_ones() throws Exception {
        config(false);
        Instant before = Instant.now();
        api.column(shop, "DELETE FROM orders");
        try (Services services = services()) {
            ChatCommands chat = new ChatCommands(services);
            Reply future = assertInstanceOf(Reply.class, chat.handle(new ChatRequest("/restore", "shop --at "
                    + Instant.now().plus(Duration.ofDays(1)), "U9", "C1")));
            Confirmation asked = assertInstanceOf(Confirmation.class, chat.handle(new ChatRequest("/restore",
                    "shop --at " + before, "U9", "C1")));
            assertEquals(List.of("0"), orders(), "nothing runs before the confirmation");

            Reply done = asked.job().work().run(Progress.NONE);

            assertTrue(future.text().contains("is in the future"), future.text());
            assertTrue(done.text().contains("to undo it, restore bookmark"), done.text());
            assertEquals(List.of("3"), orders());
        }
        config(true);
        try (Services services = services()) {
            var answer = new ChatCommands(services).handle(new ChatRequest("/restore", "shop --at " + before, "U9",
                    "C1"));
            ApprovalAsked production = assertInstanceOf(ApprovalAsked.class, answer, answer.toString());
            assertTrue(production.card().body().text().contains("to how it was at " + before
                    + " (bookmark `"),
                    production.card().body().text());
        }
    }
}
