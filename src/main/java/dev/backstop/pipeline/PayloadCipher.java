package dev.backstop.pipeline;

import java.security.Provider;
import java.util.Optional;
import org.conscrypt.Conscrypt;

/**
 * The security provider for the age payload's ChaCha20-Poly1305 and HMAC: Conscrypt (BoringSSL,
 * native) where its library loads on this platform, else none, and the JDK's own providers serve.
 * The provider is used only for the payload cipher, never installed process-wide, so TLS and
 * everything else keep the JDK's providers.
 */
final class PayloadCipher {

    private static final Optional<Provider> PROVIDER = load();

    private PayloadCipher() {
    }

    /** Conscrypt's provider, or empty when its native library does not load here. */
    static Optional<Provider> provider() {
        return PROVIDER;
    }

    /** A short name for logs and benchmarks: which implementation encrypts the payload. */
    static String describe() {
        return PROVIDER.map(provider -> provider.getName() + " (native)").orElse("JDK");
    }

    private static Optional<Provider> load() {
        try {
            return Conscrypt.isAvailable() ? Optional.of(Conscrypt.newProvider()) : Optional.empty();
        } catch (LinkageError | RuntimeException unavailable) {
            return Optional.empty();
        }
    }
}
