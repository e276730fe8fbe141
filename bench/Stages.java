import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.backstop.pipeline.AgeCrypto;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;

/**
 * Times Backstop's own in-JVM stages alone on FILE, each over the whole file, in one JVM with the
 * libraries Backstop uses (JDK SHA-256, zstd-jni level 1 with one worker per core, age with the
 * payload cipher Backstop picks): java -Xmx64m -cp target/backstop.jar bench/Stages.java FILE WORKDIR.
 * Each stage runs twice; the second (JIT-warm) run is printed as "stage seconds MiB/s".
 */
public final class Stages {

    private static final int BLOCK = 1 << 20;

    @FunctionalInterface
    interface Stage {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Path work = Path.of(args[1]);
        long size = Files.size(file);
        AgeCrypto.AgeKey key = AgeCrypto.generate();
        Path compressed = work.resolve("stages.zst");
        Path encrypted = work.resolve("stages.age");
        time("java-sha256", size, () -> {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] block = new byte[BLOCK];
                for (int read = in.read(block); read >= 0; read = in.read(block)) {
                    digest.update(block, 0, read);
                }
            }
            digest.digest();
        });
        time("java-zstd-1", size, () -> {
            try (InputStream in = Files.newInputStream(file);
                 ZstdOutputStream out = new ZstdOutputStream(Files.newOutputStream(compressed))) {
                out.setLevel(1);
                out.setChecksum(true);
                out.setWorkers(Runtime.getRuntime().availableProcessors());
                in.transferTo(out);
            }
        });
        time("java-zstd-d", size, () -> {
            try (InputStream in = new ZstdInputStream(new BufferedInputStream(Files.newInputStream(compressed), 1 << 16))) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        });
        time("java-age-enc", size, () -> {
            try (InputStream in = Files.newInputStream(file);
                 OutputStream out = AgeCrypto.encrypt(Files.newOutputStream(encrypted), List.of(key.recipient()))) {
                in.transferTo(out);
            }
        });
        time("java-age-dec", size, () -> {
            try (InputStream in = AgeCrypto.decrypt(new BufferedInputStream(Files.newInputStream(encrypted), 1 << 16),
                    List.of(key.identity()))) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        });
        Files.deleteIfExists(compressed);
        Files.deleteIfExists(encrypted);
    }

    private static void time(String name, long bytes, Stage stage) throws Exception {
        stage.run();
        long start = System.nanoTime();
        stage.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "%s %.3f %.0f%n", name, seconds, bytes / seconds / (1 << 20));
    }
}
