package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupRecord;
import dev.backstop.core.Progress;
import dev.backstop.pipeline.AgeCrypto.AgeKey;
import dev.backstop.services.Services;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged objects, a wrong key and missing backups are refused, and the target keeps every byte. */
class RefusedRestoreTest {

    @TempDir
    Path dir;

    TestWorld world;
    Services services;
    BackupRecord backup;
    Path object;
    byte[] targetBefore;

    @BeforeEach
    void backUpThenChangeTheDatabase() throws Exception {
        world = new TestWorld(dir);
        world.createDatabase(2_000);
        services = world.services();
        backup = services.backups().backup("app", "tester", Progress.NONE);
        object = dir.resolve("backups").resolve(backup.objectKey());
        try (var connection = TestWorld.open(world.database); var statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            statement.execute("PRAGMA journal_mode = DELETE");
        }
        targetBefore = Files.readAllBytes(world.database);
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        services.close();
    }

    private String refusedRestore() {
        BackstopException refused = assertThrows(BackstopException.class,
                () -> services.restores().restore(services.restores().resolve("app", backup.id()), null, "tester",
                        Progress.NONE));
        assertFalse(refused.getMessage().contains("\n"), "one line: " + refused.getMessage());
        return refused.getMessage();
    }

    private void assertTargetUntouched() throws Exception {
        assertArrayEquals(targetBefore, Files.readAllBytes(world.database));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(file -> file.getFileName().toString().startsWith(".backstop-restore")),
                    "no temp restore file is left beside the target");
        }
    }

    @Test
    void a_flipped_byte_is_refused_before_the_target_is_touched() throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(object.toFile(), "rw")) {
            file.seek(file.length() / 2);
            int value = file.read();
            file.seek(file.length() / 2);
            file.write(value ^ 0x01);
        }
        String message = refusedRestore();
        assertTrue(message.contains("damaged") && message.contains("not touched"), message);
        assertTargetUntouched();
    }

    @Test
    void a_truncated_object_is_refused() throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(object.toFile(), "rw")) {
            file.setLength(file.length() - 100);
        }
        assertTrue(refusedRestore().contains("damaged"));
        assertTargetUntouched();
    }

    @Test
    void a_flipped_byte_in_the_age_header_is_reported_as_damage_not_as_a_wrong_identity() throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(object.toFile(), "rw")) {
            file.seek(40);
            int value = file.read();
            file.seek(40);
            file.write(value ^ 0x01);
        }
        String message = refusedRestore();
        assertTrue(message.contains("damaged") && message.contains("stored object"), message);
        assertTargetUntouched();
    }

    @Test
    void bytes_appended_to_the_object_are_refused() throws Exception {
        Files.write(object, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        String message = refusedRestore();
        assertTrue(message.contains("damaged"), message);
        assertTargetUntouched();
    }

    @Test
    void an_object_re_encrypted_from_the_same_dump_is_refused_though_the_dump_checks_out() throws Exception {
        byte[] plain;
        try (var in = AgeCrypto.decrypt(Files.newInputStream(object), List.of(world.key.identity()))) {
            plain = in.readAllBytes();
        }
        java.io.ByteArrayOutputStream again = new java.io.ByteArrayOutputStream();
        try (var out = AgeCrypto.encrypt(again, List.of(world.key.recipient()))) {
            out.write(plain);
        }
        Files.write(object, again.toByteArray());
        org.junit.jupiter.api.Assertions.assertEquals(backup.sizeBytes(), Files.size(object));
        String message = refusedRestore();
        assertTrue(message.contains("damaged") && message.contains("stored object sha256"), message);
        assertTargetUntouched();
    }

    @Test
    void a_wrong_identity_is_refused() throws Exception {
        AgeKey other = AgeCrypto.generate();
        Files.writeString(world.identityFile, other.identity() + "\n");
        String message = refusedRestore();
        assertTrue(message.startsWith("cannot decrypt backup " + backup.id()), message);
        assertTargetUntouched();
    }

    @Test
    void a_missing_object_is_refused() throws Exception {
        Files.delete(object);
        assertTrue(refusedRestore().contains("missing"));
        assertTargetUntouched();
    }

    @Test
    void a_manifest_that_disagrees_with_the_catalog_is_refused() throws Exception {
        Path manifest = dir.resolve("backups").resolve(backup.manifestKey());
        Files.writeString(manifest, Files.readString(manifest).replace(backup.sha256(), "0".repeat(64)));
        assertTrue(refusedRestore().contains("disagrees"));
        assertTargetUntouched();
    }

    @Test
    void an_unknown_backup_id_names_the_list_command() throws Exception {
        BackstopException missing = assertThrows(BackstopException.class,
                () -> services.restores().resolve("app", "20200101T000000000Z-abcd"));
        assertTrue(missing.getMessage().contains("backstop list app"), missing.getMessage());
        assertTargetUntouched();
    }

    @Test
    void refusals_are_written_to_the_audit_log() throws Exception {
        Files.delete(object);
        refusedRestore();
        var last = services.catalog().auditLog(1).get(0);
        assertTrue(last.action().equals("restore") && last.outcome().equals("failed") && last.actor().equals("tester"));
        assertTrue(List.of(last.detail()).get(0).contains("missing"));
    }
}
