package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.catalog.Catalog;
import dev.backstop.core.BackstopException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process killed with SIGKILL while it holds a job lock: it cannot unlock, and its lease lets another take it. */
class KilledLockHolderTest {

    private static final Duration LEASE = Duration.ofMillis(1500);

    @TempDir
    Path dir;

    @Test
    void a_lock_left_by_a_killed_process_is_taken_after_its_lease() throws Exception {
        Path file = dir.resolve("catalog.db");
        Catalog.open(file).close();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LockHolderMain.class.getName(), file.toString(), "app", Long.toString(LEASE.toMillis()))
                .redirectErrorStream(true).start();
        try (Catalog catalog = Catalog.open(file);
             BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                     StandardCharsets.UTF_8))) {
            String line = out.readLine();
            while (line != null && !line.equals("locked")) {
                line = out.readLine(); // the child's logging may come first
            }
            assertEquals("locked", line);
            JobLocks locks = new JobLocks(catalog, Clock.systemUTC(), LEASE);

            Thread.sleep(LEASE.multipliedBy(2).toMillis());
            BackstopException refused = assertThrows(BackstopException.class,
                    () -> locks.acquire("app", "restore", "bob"), "the living child renews its lease");
            assertEquals("a backup started by child is already running on app; wait for it to finish and try again",
                    refused.getMessage());

            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            long killed = System.nanoTime();
            JobLocks.Held taken = null;
            while (taken == null && System.nanoTime() - killed < Duration.ofSeconds(10).toNanos()) {
                try {
                    taken = locks.acquire("app", "restore", "bob");
                } catch (BackstopException stillLeased) {
                    Thread.sleep(100);
                }
            }
            long waited = System.nanoTime() - killed;
            assertTrue(taken != null, "the lock was not taken within 10 s of the kill");
            assertTrue(waited >= LEASE.dividedBy(2).toNanos(), "the kill freed nothing; the lease ran out: " + waited);
            assertTrue(waited <= LEASE.plusSeconds(2).toNanos(), "taken after about one lease: " + waited);
            taken.close();
        } finally {
            child.destroyForcibly();
        }
    }
}
