package dev.backstop.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.catalog.Catalog;
import dev.backstop.config.StorageConfig;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.BackupStatus;
import dev.backstop.core.ObjectStore;
import dev.backstop.core.Progress;
import dev.backstop.engine.SqliteEngine;
import dev.backstop.pipeline.BackupService;
import dev.backstop.pipeline.JobLocks;
import dev.backstop.pipeline.ManualTicker;
import dev.backstop.pipeline.ObjectLayout;
import dev.backstop.schedule.Pruner;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A storage endpoint that takes connections and never answers fails a backup in bounded time. */
class SilentEndpointTest {

    private static final S3Timeouts SHORT = new S3Timeouts(Duration.ofMillis(500), Duration.ofMillis(250),
            Duration.ofMillis(400));

    @TempDir
    Path dir;

    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private ServerSocket server;

    @AfterEach
    void stop() throws IOException {
        server.close();
        for (Socket socket : held) {
            socket.close();
        }
    }

    /** Accepts every connection and keeps it open; with {@code trickle} it answers one byte every 50 ms. */
    private int listen(boolean trickle) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket socket = server.accept();
                    held.add(socket);
                    if (trickle) {
                        Thread answering = new Thread(() -> trickle(socket), "trickling-endpoint");
                        answering.setDaemon(true);
                        answering.start();
                    }
                }
            } catch (IOException closed) {
                // The test is over.
            }
        }, "silent-endpoint");
        acceptor.setDaemon(true);
        acceptor.start();
        return server.getLocalPort();
    }

    /** Sends a status line and then header bytes so slowly that no read times out, only the whole attempt. */
    private static void trickle(Socket socket) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
            while (true) {
                out.write('x');
                out.flush();
                Thread.sleep(50);
            }
        } catch (IOException | InterruptedException closed) {
            // The client gave up, or the test is over.
        }
    }

    private BackupRecord backUpTo(int port, Catalog catalog, TestWorld world) throws Exception {
        StorageConfig storage = new StorageConfig("s3", null, "backups", "", "http://127.0.0.1:" + port, "us-east-1",
                true, "key", "secret", StorageConfig.MIN_PART_SIZE);
        ObjectStore store = S3Stores.connect(storage, StorageConfig.MIN_PART_SIZE,
                new RetryPolicy(4, Duration.ofMillis(1), delay -> { }), SHORT);
        Clock clock = Clock.systemUTC();
        SqliteEngine engine = new SqliteEngine(world.database, dir.resolve("work"));
        BackupService backups = new BackupService(world.config, database -> engine, store, new ObjectLayout(""),
                catalog, new JobLocks(catalog, clock), new Pruner(store, catalog, database -> Set.of(), database -> engine, clock),
                new ManualTicker(), clock);
        return backups.backup("app", "tester", Progress.NONE);
    }

    private void assertBackupFailsSoon(boolean trickle) throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(200);
        int port = listen(trickle);
        try (Catalog catalog = Catalog.open(world.config.catalog())) {
            BackstopException failure = assertTimeoutPreemptively(Duration.ofSeconds(8),
                    () -> assertThrows(BackstopException.class, () -> backUpTo(port, catalog, world)));
            assertTrue(failure.getMessage().contains("cannot reach s3 endpoint http://127.0.0.1:" + port
                    + " (timed out)"), failure.getMessage());
            BackupRecord recorded = catalog.list("app", 1).get(0);
            assertEquals(BackupStatus.FAILED, recorded.status());
            assertTrue(recorded.error().contains("gave up after 4 attempts"), recorded.error());
        }
    }

    @Test
    void a_backup_to_an_endpoint_that_never_answers_fails_within_the_read_timeouts() throws Exception {
        assertBackupFailsSoon(false);
    }

    @Test
    void a_backup_to_an_endpoint_that_answers_a_byte_at_a_time_fails_within_the_attempt_timeouts()
            throws Exception {
        assertBackupFailsSoon(true);
    }
}
