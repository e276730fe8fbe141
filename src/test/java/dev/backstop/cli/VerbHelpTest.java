package dev.backstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VerbHelpTest {

    private static final List<String> VERBS = List.of("backup", "list", "restore", "verify", "status", "drill", "prune",
            "keygen", "init", "serve");

    @Test
    void every_verb_answers_help_long_short_and_through_the_help_verb() {
        for (String verb : VERBS) {
            for (String[] args : List.of(new String[] {verb, "--help"}, new String[] {verb, "-h"},
                    new String[] {"help", verb})) {
                CliRun help = CliRun.of(args);
                assertEquals(0, help.status(), String.join(" ", args) + ": " + help.err());
                assertTrue(help.out().startsWith("Usage: backstop " + verb), String.join(" ", args) + ": " + help.out());
                assertTrue(help.out().contains("-h, --help"), help.out());
                assertEquals("", help.err(), String.join(" ", args));
            }
        }
    }

    @Test
    void help_lists_each_verbs_options() {
        String list = CliRun.of("list", "--help").out();
        assertTrue(list.contains("-n, --limit=N"), list);
        assertTrue(list.contains("--json"), list);
        assertTrue(list.contains("--all"), list);
        assertTrue(CliRun.of("restore", "--help").out().contains("--approved-by=U1,U2"));
        assertTrue(CliRun.of("prune", "-h").out().contains("--dry-run"));
        assertTrue(CliRun.of("drill", "-h").out().contains("--json"));
        assertTrue(CliRun.of("help", "backup").out().contains("--label=L"));
    }

    @Test
    void a_usage_error_points_at_help_that_works() {
        CliRun wrong = CliRun.of("list", "--bogus", "app");
        assertEquals(2, wrong.status());
        assertTrue(wrong.err().contains("run `backstop list --help` for usage"), wrong.err());
        assertEquals(0, CliRun.of("list", "--help").status());
    }
}
