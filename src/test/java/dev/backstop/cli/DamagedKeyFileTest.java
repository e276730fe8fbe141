package dev.backstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.TestWorld;
import dev.backstop.wiring.Wiring;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An identity file whose key was damaged says so in one line instead of an unexpected exception. */
class DamagedKeyFileTest {

    @TempDir
    Path dir;

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = BackstopCli.run(Wiring::services, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new String[] {String.valueOf(status), err.toString()};
    }

    @Test
    void a_key_with_one_wrong_character_is_named_as_a_checksum_mismatch() throws Exception {
        TestWorld world = new TestWorld(dir);
        world.createDatabase(20);
        String config = world.writeConfigFile(false).toString();
        assertEquals("0", run("--config", config, "backup", "app")[0]);
        String identity = world.key.identity();
        int middle = identity.length() / 2;
        char swapped = identity.charAt(middle) == 'Q' ? 'P' : 'Q';
        Files.writeString(world.identityFile, identity.substring(0, middle) + swapped + identity.substring(middle + 1) + "\n");
        for (String verb : new String[] {"verify", "drill"}) {
            String[] result = run("--config", config, verb, "app", "latest");
            assertNotEquals("0", result[0]);
            String err = result[1].strip();
            assertEquals(1, err.lines().count(), err);
            assertTrue(err.contains("age.key: not a valid age identity (AGE-SECRET-KEY-1...): checksum does not match;"
                    + " restore the key file from your copy"), err);
            assertTrue(!err.contains("IllegalArgumentException") && !err.contains(identity.substring(20)), err);
        }
    }
}
