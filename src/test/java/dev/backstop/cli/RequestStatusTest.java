package dev.backstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.TestWorld;
import dev.backstop.approval.ApprovalService;
import dev.backstop.approval.ApprovalState;
import dev.backstop.approval.ApprovalSweep;
import dev.backstop.catalog.Catalog;
import dev.backstop.chat.ChatCommands;
import dev.backstop.chat.ChatRequest;
import dev.backstop.chat.Reply;
import dev.backstop.core.Progress;
import dev.backstop.pipeline.ManualTicker;
import dev.backstop.schedule.MutableClock;
import dev.backstop.services.Services;
import dev.backstop.wiring.Wiring;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} (table and JSON) and the chat's {@code /backstop status} list the restore requests that
 * need people: waiting for votes, restoring, or failed within a day; and nothing when none do.
 */
class RequestStatusTest {

    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    private static final List<String> HEADER = List.of("REQUEST", "DATABASE", "BACKUP", "STATE", "BY", "APPROVALS",
            "DETAIL");

    /** Stands for the JVM stopping while the restore runs: nothing after it runs, no ending is recorded. */
    private static final class Killed extends Error {
    }

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(START);
    private TestWorld world;

    @BeforeEach
    void createWorld() throws Exception {
        world = new TestWorld(dir, true);
        world.createDatabase(50);
    }

    private String status(String... flags) {
        List<String> args = new ArrayList<>(List.of("status"));
        args.addAll(Arrays.asList(flags));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = BackstopCli.run(file -> Wiring.services(world.config, clock), new PrintWriter(out, true),
                new PrintWriter(err, true), args.toArray(String[]::new));
        assertEquals(0, exit, err.toString());
        return out.toString();
    }

    private Reply chatStatus() {
        try (Services services = Wiring.services(world.config, clock)) {
            return (Reply) new ChatCommands(services).handle(new ChatRequest("/backstop", "status", "U7", "C1"));
        }
    }

    /** A request by U9 to restore the newest backup into {@code copy}, approved once by U1. */
    private String approvedOnce(ApprovalService approvals, String copy) {
        String id = approvals.request("app", "latest", dir.resolve(copy).toString(), "U9").id();
        approvals.vote(id, "U1", true, Progress.NONE);
        return id;
    }

    /** The second approval; the bot "stops" as soon as the restore reports progress, leaving it approved. */
    private static void approveAndStop(ApprovalService approvals, String id) {
        assertThrows(Killed.class, () -> approvals.vote(id, "U2", true, (stage, bytes) -> {
            throw new Killed();
        }));
    }

    /** The rows of the table that starts with {@link #HEADER} in {@code text}, as cells, header first. */
    private static List<List<String>> requestRows(String text) {
        List<String> lines = text.lines().toList();
        int header = lines.indexOf(lines.stream().filter(line -> line.startsWith("REQUEST ")).findFirst()
                .orElseThrow(() -> new AssertionError("no request table in:\n" + text)));
        assertEquals("", lines.get(header - 1), "a blank line sets the requests apart:\n" + text);
        List<List<String>> rows = new ArrayList<>();
        int detailColumn = lines.get(header).indexOf("DETAIL");
        for (String line : lines.subList(header, lines.size())) {
            if (line.isBlank()) {
                break;
            }
            assertEquals(' ', line.charAt(detailColumn - 1), "aligned:\n" + text);
            rows.add(List.of(line.split(" {2,}")));
        }
        return rows;
    }

    @Test
    void status_lists_waiting_restoring_and_lately_failed_requests_and_hides_the_rest() throws Exception {
        String failed;
        String restoring;
        String waiting;
        String backupId;
        try (Services services = Wiring.services(world.config, clock)) {
            ApprovalService approvals = new ApprovalService(world.config, services.catalog(), services.backups(),
                    services.restores(), new ManualTicker(), clock);
            ApprovalSweep sweep = new ApprovalSweep(approvals, services.catalog(), (channel, text) -> { }, "#ops",
                    (request, messageRef) -> { }, clock);
            backupId = services.backups().backup("app", "cron", Progress.NONE).id();
            String longAgo = approvedOnce(approvals, "a.db");
            approveAndStop(approvals, longAgo);
            clock.advance(Catalog.ABANDONED_AFTER.plusMinutes(1));
            sweep.run();
            clock.advance(Duration.ofDays(1));

            failed = approvedOnce(approvals, "b.db");
            approveAndStop(approvals, failed);
            clock.advance(Catalog.ABANDONED_AFTER.plusMinutes(1));
            sweep.run();
            restoring = approvedOnce(approvals, "c.db");
            approveAndStop(approvals, restoring);
            String executed = approvedOnce(approvals, "d.db");
            assertEquals(ApprovalState.EXECUTED, approvals.vote(executed, "U2", true, Progress.NONE).request().state());
            String denied = approvedOnce(approvals, "e.db");
            approvals.vote(denied, "U3", false, Progress.NONE);
            clock.advance(Duration.ofMinutes(1));
            waiting = approvedOnce(approvals, "f.db");
            clock.advance(Duration.ofMinutes(4));
        }

        String reason = "interrupted: no heartbeat since 2026-11-24T10:11:00Z; the bot stopped while the restore ran";
        List<List<String>> expected = List.of(HEADER,
                List.of(failed, "app", backupId, "FAILED", "U9", "2 of 2", "5m ago: " + reason),
                List.of(restoring, "app", backupId, "approved", "U9", "2 of 2",
                        "restore running for 5m, last heartbeat 5m ago"),
                List.of(waiting, "app", backupId, "requested", "U9", "1 of 2", "awaiting votes, expires in 26m"));
        String table = status();
        assertEquals(expected, requestRows(table));
        assertEquals("Backstop status:", chatStatus().text());
        assertEquals(expected, requestRows(chatStatus().detail()));

        JsonNode requests = new ObjectMapper().readTree(status("--json")).get(0).get("requests");
        assertEquals(3, requests.size(), requests.toString());
        assertEquals(List.of("failed", "approved", "requested"), List.of(requests.get(0).get("state").asText(),
                requests.get(1).get("state").asText(), requests.get(2).get("state").asText()));
        assertEquals(reason, requests.get(0).get("error").asText());
        assertEquals("2026-11-24T10:22:00Z", requests.get(0).get("state_since").asText());
        assertEquals("2026-11-24T10:22:00Z", requests.get(1).get("heartbeat_at").asText());
        assertEquals("2026-11-24T10:53:00Z", requests.get(2).get("expires_at").asText());
        assertEquals("U1", requests.get(2).get("approved_by").get(0).asText());
        assertEquals(2, requests.get(2).get("approvals_required").asInt());
        assertEquals(dir.resolve("f.db").toString(), requests.get(2).get("target").asText());

        clock.advance(Duration.ofMinutes(30));
        List<List<String>> later = requestRows(status());
        assertEquals(List.of(HEADER, List.of(failed, "app", backupId, "FAILED", "U9", "2 of 2", "35m ago: " + reason),
                List.of(restoring, "app", backupId, "approved", "U9", "2 of 2",
                        "restore running for 35m, last heartbeat 35m ago")), later,
                "past its expiry a request is no longer listed, even before the sweep expires it");
    }

    @Test
    void status_shows_no_request_table_when_no_request_needs_anyone() throws Exception {
        try (Services services = Wiring.services(world.config, clock)) {
            services.backups().backup("app", "cron", Progress.NONE);
        }

        String table = status();
        assertFalse(table.contains("REQUEST"), table);
        assertEquals(4, table.lines().count(), "the header, one database and the two lines on DUMP, TREND and ALERTS: "
                + table);
        assertFalse(chatStatus().detail().contains("REQUEST"), chatStatus().detail());
        JsonNode rows = new ObjectMapper().readTree(status("--json"));
        assertEquals(0, rows.get(0).get("requests").size(), rows.toString());
    }
}
