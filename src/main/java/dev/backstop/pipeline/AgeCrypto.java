package dev.backstop.pipeline;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import dev.backstop.core.BackstopException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

/**
 * age encryption to X25519 recipients, in the standard age file format, streamed in 64 KiB chunks.
 * The payload's ChaCha20-Poly1305 runs in {@link PayloadCipher}'s provider when it loads.
 */
public final class AgeCrypto {

    private AgeCrypto() {
    }

    /** Wraps {@code out} so that bytes written are encrypted to every recipient; close to finish the file. */
    public static OutputStream encrypt(OutputStream out, List<String> recipients) throws IOException {
        List<RecipientStanzaWriter> writers = new ArrayList<>();
        try {
            for (String recipient : recipients) {
                writers.add(X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(recipient));
            }
            return Channels.newOutputStream(PayloadCipher.provider()
                    .map(StandardEncryptingChannelFactory::new).orElseGet(StandardEncryptingChannelFactory::new)
                    .newEncryptingChannel(Channels.newChannel(out), writers));
        } catch (GeneralSecurityException invalid) {
            throw new BackstopException("cannot encrypt: invalid age recipient: " + invalid.getMessage()
                    + "; check encryption.recipients", invalid);
        }
    }

    /**
     * Wraps {@code in} so that reads return the decrypted payload. Throws when no identity
     * matches the file's recipients; a later read throws if the payload was tampered with.
     */
    public static InputStream decrypt(InputStream in, List<String> identities) throws IOException, GeneralSecurityException {
        List<RecipientStanzaReader> readers = new ArrayList<>();
        for (String identity : identities) {
            readers.add(X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(identity));
        }
        return Channels.newInputStream(PayloadCipher.provider()
                .map(StandardDecryptingChannelFactory::new).orElseGet(StandardDecryptingChannelFactory::new)
                .newDecryptingChannel(Channels.newChannel(in), readers));
    }

    /** Reads the {@code AGE-SECRET-KEY-1...} lines of an age identity file, as age-keygen writes it. */
    public static List<String> readIdentities(Path file) {
        if (file == null) {
            throw new BackstopException("no identity file configured; set encryption.identity_file to the age key"
                    + " made by `backstop keygen`");
        }
        try {
            List<String> identities = Files.readAllLines(file).stream()
                    .map(String::trim)
                    .filter(line -> line.startsWith("AGE-SECRET-KEY-1"))
                    .toList();
            if (identities.isEmpty()) {
                throw new BackstopException("identity file " + file + " holds no AGE-SECRET-KEY line;"
                        + " point encryption.identity_file at the key made by `backstop keygen`");
            }
            identities.forEach(identity -> requireValid(file, identity));
            return identities;
        } catch (NoSuchFileException missing) {
            throw new BackstopException("identity file " + file + " not found; set encryption.identity_file"
                    + " to the age key that backups were encrypted to");
        } catch (IOException unreadable) {
            throw new BackstopException("cannot read identity file " + file + ": " + unreadable.getMessage());
        }
    }

    /** Throws a one-line error unless {@code identity} decodes as an X25519 identity (Bech32 checksum and all). */
    private static void requireValid(Path file, String identity) {
        try {
            X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(identity);
        } catch (GeneralSecurityException | IllegalArgumentException invalid) {
            String message = String.valueOf(invalid.getMessage());
            String why = message.toLowerCase(java.util.Locale.ROOT).contains("checksum")
                    ? "checksum does not match" : message.replaceAll("\\s+", " ").trim();
            throw new BackstopException(file + ": not a valid age identity (AGE-SECRET-KEY-1...): " + why
                    + "; restore the key file from your copy", invalid);
        }
    }

    /** A new X25519 key pair: the identity ({@code AGE-SECRET-KEY-1...}) and its recipient ({@code age1...}). */
    public static AgeKey generate() {
        try {
            KeyPair pair = new X25519KeyPairGenerator().generateKeyPair();
            return new AgeKey(pair.getPrivate().toString(), pair.getPublic().toString());
        } catch (GeneralSecurityException unavailable) {
            throw new BackstopException("cannot generate an X25519 key: " + unavailable.getMessage(), unavailable);
        }
    }

    /** An age identity and the recipient that encrypts to it. */
    public record AgeKey(String identity, String recipient) {
        @Override
        public String toString() {
            return "age key " + recipient;
        }
    }
}
