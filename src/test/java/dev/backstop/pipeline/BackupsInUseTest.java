package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class BackupsInUseTest {

    @Test
    void a_held_backup_is_in_use_until_released_and_only_for_its_database() throws Exception {
        BackupsInUse inUse = new BackupsInUse();
        try (AutoCloseable held = inUse.hold("app", "B1")) {
            assertEquals(Set.of("B1"), inUse.ids("app"));
            assertEquals(Set.of(), inUse.ids("ap"));
            assertEquals(Set.of(), inUse.ids("other"));
        }
        assertEquals(Set.of(), inUse.ids("app"));
    }
}
