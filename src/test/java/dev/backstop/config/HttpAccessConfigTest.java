package dev.backstop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpAccessConfigTest {

    private static final String START = """
            catalog: ./catalog.db
            storage: { type: local, path: ./backups }
            encryption:
              recipients: [age1xhsgvdt2kq0tnp9dkguw7r8wss8vuvn7qydrgsjy9mwrtjrtddzs9da2hm]
            databases:
              app: { engine: sqlite, path: ./app.db }
            """;

    @TempDir
    Path dir;

    private BackstopConfig load(String http, Map<String, String> environment) throws Exception {
        Path file = dir.resolve("backstop.yml");
        Files.writeString(file, START + http);
        return new ConfigLoader(environment, dev.backstop.engine.Engines.ALL).load(file);
    }

    private String error(String http, Map<String, String> environment) {
        return assertThrows(ConfigException.class, () -> load(http, environment)).getMessage();
    }

    @Test
    void without_an_http_section_the_server_listens_on_this_machine_only_without_auth() throws Exception {
        BackstopConfig config = load("", Map.of());
        assertEquals(new HttpAccess("127.0.0.1", Optional.empty(), false), config.http());
        assertEquals(3000, config.httpPort());
    }

    @Test
    void http_bind_and_auth_are_read_with_the_password_from_the_environment() throws Exception {
        BackstopConfig config = load("""
                http:
                  bind: 0.0.0.0
                  auth:
                    user: ops
                    password: ${BACKSTOP_STATUS_PASSWORD}
                """, Map.of("BACKSTOP_STATUS_PASSWORD", "s3cret-value"));
        assertEquals("0.0.0.0", config.http().bind());
        assertEquals(new HttpAccess.Login("ops", "s3cret-value"), config.http().auth().orElseThrow());
        assertTrue(config.http().declared());
        assertFalse(config.http().toString().contains("s3cret-value"), config.http().toString());
    }

    @Test
    void an_auth_without_a_password_names_the_key() {
        assertEquals(dir.resolve("backstop.yml") + ": http.auth.password: is required",
                error("http:\n  auth: { user: ops }\n", Map.of()));
    }

    @Test
    void an_auth_password_from_an_empty_variable_is_refused() {
        assertEquals(dir.resolve("backstop.yml") + ": http.auth.password: must not be empty",
                error("http:\n  auth: { user: ops, password: \"${STATUS_PW:-}\" }\n", Map.of()));
    }

    @Test
    void an_auth_password_from_an_unset_variable_names_the_variable() {
        assertTrue(error("http:\n  auth:\n    user: ops\n    password: ${STATUS_PW}\n", Map.of())
                .endsWith(": http.auth.password: environment variable STATUS_PW is not set (set it, or write"
                        + " ${STATUS_PW:-} to allow it empty)"));
    }

    @Test
    void an_auth_user_with_a_colon_and_unknown_auth_keys_are_refused() {
        assertTrue(error("http:\n  auth: { user: \"o:ps\", password: x }\n", Map.of())
                .endsWith(": http.auth.user: must not contain ':' (basic auth separates user and password with it)"));
        assertTrue(error("http:\n  auth: { user: ops, password: x, realm: r }\n", Map.of())
                .endsWith(": http.auth.realm: unknown key (allowed here: password, user)"));
        assertTrue(error("http:\n  auth: ops\n", Map.of()).endsWith(": http.auth: must be a mapping of keys to values"));
    }

    @Test
    void a_bind_that_is_no_address_names_the_key() {
        assertEquals(dir.resolve("backstop.yml") + ": http.bind: 'every interface' is not an address to listen on"
                + " (such as 127.0.0.1, 0.0.0.0 or ::1)", error("http:\n  bind: every interface\n", Map.of()));
    }
}
