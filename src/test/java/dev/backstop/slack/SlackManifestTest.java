package dev.backstop.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.backstop.chat.ChatCommands;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlackManifestTest {

    private static final String URL = "https://backstop.example.com/slack/events";

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    @Test
    void manifest_parses_and_lists_exactly_the_commands_the_bot_registers() throws Exception {
        JsonNode manifest = new ObjectMapper(new YAMLFactory()).readTree(Path.of("manifest/slack-app.yml").toFile());

        assertEquals("Backstop", manifest.path("display_information").path("name").asText());
        assertEquals("Backstop", manifest.path("features").path("bot_user").path("display_name").asText());
        List<String> commands = new ArrayList<>();
        for (JsonNode command : manifest.path("features").path("slash_commands")) {
            commands.add(command.path("command").asText());
            assertEquals(URL, command.path("url").asText());
            assertFalse(command.path("description").asText().isEmpty());
        }
        assertEquals(ChatCommands.SLASH_COMMANDS, commands);
        assertEquals(List.of("commands", "chat:write", "reactions:read"),
                texts(manifest.path("oauth_config").path("scopes").path("bot")));
        JsonNode settings = manifest.path("settings");
        assertEquals(URL, settings.path("event_subscriptions").path("request_url").asText());
        assertEquals(List.of("reaction_added"), texts(settings.path("event_subscriptions").path("bot_events")));
        assertTrue(settings.path("interactivity").path("is_enabled").asBoolean());
        assertEquals(URL, settings.path("interactivity").path("request_url").asText());
        assertTrue(settings.path("socket_mode_enabled").isBoolean());
    }
}
