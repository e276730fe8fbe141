package dev.backstop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.cli.BackstopCli;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.StorageConfig;
import dev.backstop.core.AuditEntry;
import dev.backstop.core.BackupId;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.Progress;
import dev.backstop.schedule.MutableClock;
import dev.backstop.services.Services;
import dev.backstop.store.S3ProxyServer;
import dev.backstop.wiring.Wiring;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multipart uploads that backups left in the bucket (s3proxy) are aborted by the next prune or backup:
 * only Backstop's own keys, and an upload whose backup may still be running (a fresh heartbeat, or an id
 * this catalog does not know begun less than a day ago) is left alone.
 */
final class AbandonedUploadsTest {

    private final S3ProxyServer server = S3ProxyServer.shared();
    private final MutableClock clock = new MutableClock(Instant.now());

    @TempDir
    Path dir;

    @Test
    void prune_and_backup_abort_our_abandoned_uploads_and_leave_live_and_foreign_ones() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(50);
        String bucket = server.createBucket();
        StorageConfig storage = new StorageConfig("s3", null, bucket, "team-a", server.endpoint().toString(),
                "us-east-1", true, S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, StorageConfig.DEFAULT_PART_SIZE);
        BackstopConfig config = new BackstopConfig(world.config.file(), world.config.catalog(), storage,
                world.config.encryption(), world.config.slack(), world.config.httpPort(), world.config.databases());
        try (Services services = Wiring.services(config, clock)) {
            String failed = leaveBackupUpload(services, bucket, true);
            BackupRecord running = services.catalog().find("app", idOf(leaveBackupUpload(services, bucket, false)))
                    .orElseThrow();
            String dead = leaveBackupUpload(services, bucket, false);
            String unknown = services.layout().dataKey("app", BackupId.next(clock)).path();
            server.leaveUpload(bucket, unknown);
            List<String> foreign = List.of("team-a/app/notes/big-upload.bin", "team-a/other/2026/11/01/x.zst.age",
                    "elsewhere/app/" + failed.substring("team-a/app/".length()));
            foreign.forEach(key -> server.leaveUpload(bucket, key));

            String pruned = prune(config);

            assertTrue(pruned.contains("aborted upload " + failed + "\n1 abandoned uploads aborted"), pruned);
            assertEquals(sorted(List.of(running.objectKey(), dead, unknown), foreign),
                    sorted(server.pendingUploads(bucket)));

            clock.advance(Duration.ofHours(25));
            services.catalog().heartbeat(running.id(), clock.instant());
            services.backups().backup("app", "cron", Progress.NONE);

            assertEquals(sorted(List.of(running.objectKey()), foreign), sorted(server.pendingUploads(bucket)));
            List<AuditEntry> aborts = services.catalog().auditLog(100).stream()
                    .filter(entry -> entry.action().equals("abort upload")).toList();
            assertEquals(List.of("ops", "cron", "cron"), aborts.stream().map(AuditEntry::actor).toList());
            assertTrue(aborts.get(0).detail().startsWith(failed + " begun "), aborts.get(0).detail());
            assertEquals(List.of(dead, unknown), aborts.subList(1, 3).stream()
                    .map(entry -> entry.detail().substring(0, entry.detail().indexOf(' '))).toList());
            assertTrue(aborts.get(1).detail().endsWith(", its backup failed"), aborts.get(1).detail());
            assertTrue(aborts.get(2).detail().contains("unknown to this catalog"), aborts.get(2).detail());
        }
    }

    /** A backup row that failed (or still runs) with a multipart upload of its data object left in the bucket. */
    private String leaveBackupUpload(Services services, String bucket, boolean failed) {
        BackupId id = BackupId.next(clock);
        BackupRecord started = BackupRecord.started(id, "app", "sqlite", services.layout().dataKey("app", id),
                services.layout().manifestKey("app", id), "cron");
        services.catalog().insert(started);
        if (failed) {
            services.catalog().update(started.failed(clock.instant(), "cannot reach s3 endpoint"));
        }
        server.leaveUpload(bucket, started.objectKey());
        return started.objectKey();
    }

    private String prune(BackstopConfig config) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = BackstopCli.run(file -> Wiring.services(config, clock), new PrintWriter(out, true),
                new PrintWriter(err, true), "--as", "ops", "prune", "app");
        assertEquals(0, status, err.toString());
        return out.toString();
    }

    private static String idOf(String key) {
        return key.substring(key.lastIndexOf('/') + 1, key.length() - ".zst.age".length());
    }

    private static List<String> sorted(List<String> ours, List<String> foreign) {
        return sorted(java.util.stream.Stream.concat(ours.stream(), foreign.stream()).toList());
    }

    private static List<String> sorted(List<String> keys) {
        return keys.stream().sorted().toList();
    }
}
