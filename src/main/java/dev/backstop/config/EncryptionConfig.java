package dev.backstop.config;

import java.nio.file.Path;
import java.util.List;

/** age X25519 recipients that backups are encrypted to, and the identity file that restores need. */
public record EncryptionConfig(List<String> recipients, Path identityFile) {
    public EncryptionConfig {
        recipients = List.copyOf(recipients);
    }
}
