package dev.backstop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.cli.StatusReport;
import dev.backstop.config.Durations;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.DrillRecord;
import dev.backstop.text.Sizes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the status page in headless Chromium against a catalog with three weeks of real backups and checks
 * that the rendered page shows the catalog's values; also takes the screenshot kept as docs/status-page.png
 * (written to target/status-page.png).
 */
class StatusPageBrowserTest {

    private static final Path SCREENSHOT = Path.of("target", "status-page.png");

    @TempDir
    Path root;

    @Test
    void the_page_in_a_browser_shows_each_database_its_age_size_charts_drills_alerts_and_waiting_requests()
            throws Exception {
        try (StatusFixture fixture = new StatusFixture(Files.createDirectory(root.resolve("world")), 21, false)) {
            String address = fixture.serve();

            String dom = chromium(address + "/", "--dump-dom");

            String app = section(dom, "app");
            String ledger = section(dom, "ledger");
            BackupRecord appLast = fixture.lastGood("app");
            BackupRecord ledgerLast = fixture.lastGood("ledger");
            String appAge = Durations.format(Duration.between(appLast.createdAt(), fixture.clock.instant()));
            String ledgerAge = Durations.format(Duration.between(ledgerLast.createdAt(), fixture.clock.instant()));
            assertTrue(app.contains(">" + appAge + " / 25h<"), app);
            assertTrue(ledger.contains(">" + ledgerAge + " / 25h<"), ledger);
            assertTrue(app.contains(">fresh<") && ledger.contains(">STALE<"), dom);
            assertTrue(app.contains(">" + appLast.id() + "<") && app.contains(">" + Sizes.human(appLast.sizeBytes()) + "<"),
                    app);
            assertTrue(ledger.contains(">" + Sizes.human(ledgerLast.sizeBytes()) + "<"), ledger);
            assertEquals(2 * 21, count(app, "<rect class=\"bar\" "), "a bar a backup of app in each of two charts");
            assertEquals(2, count(ledger, "<rect class=\"bar failed\""), "the failed ledger backup, in both charts");
            assertTrue(app.contains("Backup size (last 21)") && app.contains("Backup duration (last 21)"), app);

            DrillRecord appDrill = fixture.services.catalog().lastDrill("app", false).orElseThrow();
            assertTrue(app.contains("Restore drills (RTO target 30m)"), app);
            assertTrue(app.contains(">passed<") && app.contains(">" + StatusReport.took(appDrill.durationMs())
                    + " of 30m RTO<"), app);
            assertTrue(ledger.contains(">FAILED<") && ledger.contains(" of 10m RTO<"), ledger);

            String attention = between(dom, "<section class=\"attention\">", "</section>");
            assertTrue(attention.contains(">backup.failed<") && attention.contains(">backup.stale<"), attention);
            assertTrue(attention.contains("backup of ledger failed: cannot reach postgresql://ops:***@db.internal/ledger"),
                    attention);
            assertFalse(dom.contains(StatusFixture.ALERT_URL_PASSWORD), dom);
            String request = fixture.services.approvals().needingAttention().get(0).id();
            assertTrue(attention.contains(">" + request + "<") && attention.contains(">waiting for votes: 1 of 2<")
                    && attention.contains(">U9<"), attention);

            chromium(address + "/", "--screenshot=" + SCREENSHOT.toAbsolutePath(), "--window-size=1280,900");
            byte[] png = Files.readAllBytes(SCREENSHOT);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
            assertTrue(png.length > 20_000, "a drawn page, not a blank one: " + png.length + " bytes");
        }
    }

    /** Runs headless Chromium on {@code url} with {@code extra} flags; returns what it printed. */
    private String chromium(String url, String... extra) throws Exception {
        Path profile = Files.createTempDirectory(root, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(browser(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile));
        command.addAll(List.of(extra));
        command.add(url);
        Path output = root.resolve("chromium.out");
        Path errors = root.resolve("chromium.err");
        Process process = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish in 60 s: " + Files.readString(errors));
        }
        assertEquals(0, process.exitValue(), Files.readString(errors));
        return Files.readString(output);
    }

    private static String browser() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError("chromium is not installed; run `apt-get install -y chromium` (.ci/run does)");
    }

    private static String section(String dom, String database) {
        return between(dom, "<section class=\"database\" data-database=\"" + database + "\">", "</section>");
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertTrue(from >= 0, "no " + start + " in " + text);
        from += start.length();
        return text.substring(from, text.indexOf(end, from));
    }

    private static int count(String text, String part) {
        Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
