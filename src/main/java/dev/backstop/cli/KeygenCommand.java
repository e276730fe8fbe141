package dev.backstop.cli;

import dev.backstop.core.BackstopException;
import dev.backstop.pipeline.AgeCrypto;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backstop keygen [-o FILE]}: a new age X25519 identity in age-keygen's file format. */
@Command(name = "keygen", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Print a new age X25519 identity and its recipient (as age-keygen does).")
final class KeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the identity to FILE (mode 600, never overwritten) instead of stdout.")
    Path output;

    @Override
    public Integer call() {
        AgeCrypto.AgeKey key = AgeCrypto.generate();
        String text = KeyFiles.render(key, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        PrintWriter out = spec.commandLine().getOut();
        if (output == null) {
            out.print(text);
        } else {
            try {
                KeyFiles.writePrivate(output, text);
            } catch (FileAlreadyExistsException exists) {
                throw new BackstopException(output + " already exists; choose another file, keys are never overwritten");
            } catch (IOException failed) {
                throw new BackstopException("cannot write " + output + ": " + failed.getMessage());
            }
            out.println("Public key: " + key.recipient());
        }
        out.flush();
        return 0;
    }
}
