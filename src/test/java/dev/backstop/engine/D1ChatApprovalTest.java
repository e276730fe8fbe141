package dev.backstop.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.approval.ApprovalRequest;
import dev.backstop.approval.ApprovalState;
import dev.backstop.approval.VoteOutcome;
import dev.backstop.chat.ApprovalAsked;
import dev.backstop.chat.Ballot;
import dev.backstop.chat.Board;
import dev.backstop.chat.ChatCommands;
import dev.backstop.chat.ChatRequest;
import dev.backstop.chat.Reply;
import dev.backstop.config.ConfigLoader;
import dev.backstop.core.AuditEntry;
import dev.backstop.schedule.MutableClock;
import dev.backstop.services.Services;
import dev.backstop.text.RequestTable;
import dev.backstop.wiring.Wiring;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /restore DB --at TIME} in chat for a production D1 database: a two-approver request bound to the
 * bookmark found when it was asked, restored to exactly that bookmark by the second approval.
 */
class D1ChatApprovalTest {

    @TempDir
    Path home;

    private FakeD1Api api;
    private String shop;
    private Services services;
    private ChatCommands chat;
    private MutableClock clock;
    private final List<String> thread = new CopyOnWriteArrayList<>();
    private final Board board = reply -> {
        thread.add(reply.text());
        return update -> thread.add(update.text());
    };

    @BeforeEach
    void start() throws Exception {
        api = new FakeD1Api(Files.createDirectories(home.resolve("d1")));
        TestWorld world = new TestWorld(home);
        shop = api.create("shop", "CREATE TABLE orders (id INTEGER PRIMARY KEY); INSERT INTO orders VALUES (1), (2), (3);");
        Path config = home.resolve("backstop.yml");
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
                  approval_ttl: 30m
                databases:
                  shop:
                    engine: d1
                    operators: [U1]
                    production: true
                    account_id: %s
                    database_id: %s
                    api_token: ${CLOUDFLARE_API_TOKEN}
                    api_url: %s
                """.formatted(world.key.recipient(), FakeD1Api.ACCOUNT, shop, api.apiUrl()));
        clock = new MutableClock(Instant.now().plusSeconds(1));
        services = Wiring.services(new ConfigLoader(Map.of("CLOUDFLARE_API_TOKEN", FakeD1Api.TOKEN), Engines.ALL)
                .load(config), clock);
        chat = new ChatCommands(services);
    }

    @AfterEach
    void stop() throws Exception {
        services.close();
        api.close();
    }

    private List<String> orders() {
        return api.column(shop, "SELECT count(*) FROM orders");
    }

    private Ballot vote(String requestId, String voter) {
        return chat.approvals().vote(requestId, voter, true, board, card -> thread.add(card.body().text()));
    }

    @Test
    void the_second_approval_restores_exactly_the_bookmark_the_request_was_bound_to() throws Exception {
        Instant before = clock.instant().minusNanos(500_000_123);
        api.column(shop, "DELETE FROM orders");

        ApprovalAsked asked = assertInstanceOf(ApprovalAsked.class, chat.handle(new ChatRequest("/restore",
                "shop --at " + before, "U1", "C1")));
        ApprovalRequest request = services.approvals().find(asked.card().requestId()).orElseThrow();
        String bound = request.bookmark();
        String card = asked.card().body().text();
        assertEquals(before, request.restoreAt());
        assertTrue(card.contains("to how it was at " + before + " (bookmark `" + bound + "`)"), card);
        assertTrue(card.contains("no pre-restore backup is taken"), card);
        assertTrue(asked.note().text().contains("needs 2 approvers"), asked.note().text());
        StringWriter status = new StringWriter();
        RequestTable.of(services.approvals().needingAttention(), clock.instant()).orElseThrow()
                .print(new PrintWriter(status, true));
        assertTrue(status.toString().contains(" at " + before + " "), status.toString());

        api.column(shop, "INSERT INTO orders VALUES (7), (8), (9), (10), (11)");
        String later = api.bookmarkDated(shop, before);
        assertNotEquals(bound, later);

        Ballot own = vote(request.id(), "U1");
        Ballot first = vote(request.id(), "U2");
        List<String> afterOne = orders();
        List<String> restoresAfterOne = api.restoredBookmarks();
        Ballot second = vote(request.id(), "U3");

        assertEquals(VoteOutcome.SELF_APPROVAL, own.outcome().orElseThrow());
        assertEquals(VoteOutcome.COUNTED, first.outcome().orElseThrow());
        assertEquals(List.of("5"), afterOne, "one approval restores nothing");
        assertEquals(List.of(), restoresAfterOne);
        assertEquals(VoteOutcome.APPROVED, second.outcome().orElseThrow());
        assertEquals(List.of(bound), api.restoredBookmarks(), "the stored bookmark, not the time resolved again");
        assertEquals(List.of("3"), orders());
        String done = second.card().orElseThrow().body().text();
        assertTrue(done.matches("(?s).*previous_bookmark `\\d{8}-[0-9a-f]{8}` undoes it.*"), done);
        assertTrue(thread.stream().anyMatch(line -> line.contains("previous_bookmark")), thread.toString());
        assertEquals(ApprovalState.EXECUTED, services.approvals().find(request.id()).orElseThrow().state());
        AuditEntry restored = services.catalog().auditLog(50).stream()
                .filter(entry -> entry.action().equals("restore.at")).findFirst().orElseThrow();
        assertEquals("U1 (approved by U2, U3)", restored.actor());
        assertTrue(restored.detail().startsWith("to bookmark " + bound + " (" + before + "): "), restored.detail());
        assertTrue(restored.detail().contains("previous bookmark "), restored.detail());
    }

    @Test
    void an_expired_request_to_a_time_restores_nothing() throws Exception {
        Instant before = clock.instant().minusNanos(500_000_123);
        api.column(shop, "DELETE FROM orders");
        ApprovalAsked asked = assertInstanceOf(ApprovalAsked.class, chat.handle(new ChatRequest("/restore",
                "shop --at " + before, "U1", "C1")));
        String id = asked.card().requestId();

        Ballot first = vote(id, "U2");
        clock.advance(Duration.ofMinutes(31));
        Ballot late = vote(id, "U3");

        assertEquals(VoteOutcome.COUNTED, first.outcome().orElseThrow());
        assertEquals(VoteOutcome.EXPIRED, late.outcome().orElseThrow());
        assertTrue(late.note().map(Reply::text).orElseThrow().contains("nothing was restored"), late.note().toString());
        assertEquals(List.of(), api.restoredBookmarks());
        assertEquals(List.of("0"), orders());
    }

    @Test
    void a_bookmark_gone_by_the_second_approval_fails_the_request_and_changes_nothing() throws Exception {
        Instant before = clock.instant().minusNanos(500_000_123);
        api.column(shop, "DELETE FROM orders");
        ApprovalAsked asked = assertInstanceOf(ApprovalAsked.class, chat.handle(new ChatRequest("/restore",
                "shop --at " + before, "U1", "C1")));
        String id = asked.card().requestId();
        api.forget(shop, services.approvals().find(id).orElseThrow().bookmark());

        vote(id, "U2");
        Ballot second = vote(id, "U3");

        assertEquals(VoteOutcome.APPROVED, second.outcome().orElseThrow());
        assertTrue(second.card().orElseThrow().body().text().contains("the restore did not run"),
                second.card().orElseThrow().body().text());
        assertTrue(thread.stream().anyMatch(line -> line.contains("did not run") && line.contains("is not known")),
                thread.toString());
        assertEquals(ApprovalState.FAILED, services.approvals().find(id).orElseThrow().state());
        assertEquals(List.of("0"), orders());
        assertTrue(services.catalog().auditLog(50).stream().anyMatch(entry -> entry.action().equals("restore.at")
                && entry.outcome().equals("failed")), "the failed restore is audited");
    }
}
