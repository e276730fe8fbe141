package dev.backstop.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PayloadCipherTest {

    private static final AgeCrypto.AgeKey KEY = AgeCrypto.generate();

    @Test
    void the_native_cipher_serves_on_linux_x86_64() {
        boolean linuxX64 = System.getProperty("os.name").startsWith("Linux")
                && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
        assertEquals(linuxX64 ? "Conscrypt (native)" : "JDK", PayloadCipher.describe());
    }

    @Test
    void what_the_native_cipher_encrypts_the_jdk_cipher_decrypts_and_back() throws Exception {
        for (int size : new int[] {0, 1, 65_536, 65_537, 3 * 65_536, 300_001}) {
            byte[] plain = new byte[size];
            new Random(size).nextBytes(plain);

            ByteArrayOutputStream ours = new ByteArrayOutputStream();
            try (OutputStream out = AgeCrypto.encrypt(ours, List.of(KEY.recipient()))) {
                out.write(plain);
            }
            assertArrayEquals(plain, jdkDecrypt(ours.toByteArray()), "size " + size);

            byte[] theirs = jdkEncrypt(plain);
            try (InputStream in = AgeCrypto.decrypt(new ByteArrayInputStream(theirs), List.of(KEY.identity()))) {
                assertArrayEquals(plain, in.readAllBytes(), "size " + size);
            }
        }
    }

    @Test
    void a_flipped_payload_byte_fails_the_native_decryption() throws Exception {
        byte[] plain = new byte[200_000];
        new Random(7).nextBytes(plain);
        byte[] sealed = jdkEncrypt(plain);
        sealed[sealed.length - 1000] ^= 1;
        try (InputStream in = AgeCrypto.decrypt(new ByteArrayInputStream(sealed), List.of(KEY.identity()))) {
            assertThrows(IOException.class, in::readAllBytes);
        }
    }

    private static byte[] jdkEncrypt(byte[] plain) throws Exception {
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        try (OutputStream out = Channels.newOutputStream(new StandardEncryptingChannelFactory().newEncryptingChannel(
                Channels.newChannel(sealed),
                List.of(X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(KEY.recipient()))))) {
            out.write(plain);
        }
        return sealed.toByteArray();
    }

    private static byte[] jdkDecrypt(byte[] sealed) throws Exception {
        try (InputStream in = Channels.newInputStream(new StandardDecryptingChannelFactory().newDecryptingChannel(
                Channels.newChannel(new ByteArrayInputStream(sealed)),
                List.of(X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(KEY.identity()))))) {
            return in.readAllBytes();
        }
    }
}
