package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backstop.core.BackupId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The layout knows its own backup keys back from their paths, and no other key. */
class ObjectLayoutKeysTest {

    private final ObjectLayout layout = new ObjectLayout("team-a");
    private final BackupId id = BackupId.next(Clock.fixed(Instant.parse("2026-11-23T15:28:15.123Z"), ZoneOffset.UTC));

    @Test
    void data_objects_and_manifests_of_the_database_give_their_id() {
        assertEquals(Optional.of(id.value()), layout.backupIdOf("app", layout.dataKey("app", id).path()));
        assertEquals(Optional.of(id.value()), layout.backupIdOf("app", layout.manifestKey("app", id).path()));
    }

    @Test
    void every_other_key_gives_none() {
        String data = layout.dataKey("app", id).path();
        for (String key : new String[] {
                data.replace("team-a/", ""), data.replace("/app/", "/shop/"), data.replace("/23/", "/24/"),
                data.replace(".zst.age", ".tmp"), "team-a/app/drills/D1.json", "team-a/app/notes.bin",
                "team-a/app/2026/13/45/20261345T152815123Z-9f3a.zst.age", data + ".part"}) {
            assertEquals(Optional.empty(), layout.backupIdOf("app", key), key);
        }
        assertEquals(Optional.empty(), layout.backupIdOf("shop", data));
    }
}
