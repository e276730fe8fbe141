package dev.backstop.schedule;

import dev.backstop.config.DatabaseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Finds the temp files that killed jobs leave behind: backup snapshots ({@code .backstop-snapshot-*}) and
 * restore downloads ({@code .backstop-download-*}) in the work folder, unfinished uploads
 * ({@code .tmp-*.part}) anywhere in a local store, and SQLite restores' incoming copies
 * ({@code .backstop-restore-*}) beside a SQLite database and its restore targets. Jobs in other processes
 * cannot be asked, so a file counts as a leftover only when nothing has written it for {@link #SAFE_AGE}:
 * a running job writes its file as data flows, and a SQLite backup touches its snapshot while it streams out.
 */
public final class LeftoverFiles {

    /** A file no job has written for this long belongs to no running job. */
    public static final Duration SAFE_AGE = Duration.ofHours(24);

    /** Looks nowhere: for wiring that has no work folder or local store. */
    public static final LeftoverFiles NONE = new LeftoverFiles(null, Optional.empty());

    private final Path workDir;
    private final Optional<Path> localStore;

    /** {@code workDir} holds snapshots and downloads; {@code localStore} is the local store's root, if any. */
    public LeftoverFiles(Path workDir, Optional<Path> localStore) {
        this.workDir = workDir;
        this.localStore = localStore;
    }

    /** One leftover: the file and when it was last written. */
    public record Leftover(Path file, Instant lastWritten) {
    }

    /** The leftovers that a job of {@code database} or of any other could have left, not written since before {@code now - SAFE_AGE}. */
    public List<Leftover> find(DatabaseConfig database, Instant now) throws IOException {
        Instant cutoff = now.minus(SAFE_AGE);
        List<Leftover> found = new ArrayList<>();
        if (workDir != null) {
            collect(workDir, false, name -> name.startsWith(".backstop-snapshot-") || name.startsWith(".backstop-download-"),
                    cutoff, found);
        }
        if (localStore.isPresent()) {
            collect(localStore.get(), true, name -> name.startsWith(".tmp-") && name.endsWith(".part"), cutoff, found);
        }
        for (Path folder : sqliteFolders(database)) {
            collect(folder, false, name -> name.startsWith(".backstop-restore-"), cutoff, found);
        }
        return found;
    }

    /** The folders where restores of a SQLite {@code database} put their incoming copies. */
    private static Set<Path> sqliteFolders(DatabaseConfig database) {
        Set<Path> folders = new LinkedHashSet<>();
        if (!"sqlite".equals(database.engine()) || database.path() == null) {
            return folders;
        }
        folders.add(database.path().toAbsolutePath().getParent());
        for (String target : database.restoreTargets()) {
            Path place = Path.of(target).toAbsolutePath();
            folders.add(target.endsWith("/") ? place : place.getParent());
        }
        return folders;
    }

    private static void collect(Path folder, boolean deep, Predicate<String> name, Instant cutoff, List<Leftover> found)
            throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = deep ? Files.walk(folder) : Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!name.test(file.getFileName().toString()) || !Files.isRegularFile(file)) {
                    continue;
                }
                try {
                    Instant written = Files.getLastModifiedTime(file).toInstant();
                    if (written.isBefore(cutoff)) {
                        found.add(new Leftover(file, written));
                    }
                } catch (NoSuchFileException gone) {
                    // Its job finished and removed it meanwhile.
                }
            }
        }
    }
}
