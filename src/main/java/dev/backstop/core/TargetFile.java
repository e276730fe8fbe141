package dev.backstop.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A file a restore writes, by its real path: the longest part of the path that exists is resolved
 * with every symbolic link and {@code ..} followed as the file system follows them, and the rest,
 * which does not exist yet, is appended and normalised. So neither a link nor {@code ..} can make
 * two spellings of one file look different, or a file outside a folder look inside it.
 */
public record TargetFile(Path path) implements RestoreTarget {

    /** The files SQLite keeps beside a database while it is open. */
    private static final List<String> SIDECARS = List.of("-wal", "-shm", "-journal");

    /** Resolves {@code spelled} against {@code base}; throws a one-line error for a path that cannot be followed. */
    public static TargetFile resolve(Path base, String spelled) {
        try {
            return of(base.resolve(spelled), spelled);
        } catch (InvalidPathException invalid) {
            throw new BackstopException("`" + spelled + "` is not a valid path; name a file such as ./restored/app.db");
        }
    }

    /** The real location of {@code path} (made absolute first); throws a one-line error when it cannot be followed. */
    public static TargetFile of(Path path) {
        return of(path, path.toString());
    }

    private static TargetFile of(Path path, String shown) {
        Path absolute = path.toAbsolutePath();
        Deque<Path> missing = new ArrayDeque<>();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            missing.push(existing.getFileName());
            existing = existing.getParent();
        }
        Path real;
        try {
            real = existing == null ? absolute.getRoot() : existing.toRealPath();
        } catch (IOException broken) {
            throw new BackstopException("`" + shown + "` cannot be followed (" + broken.getClass().getSimpleName()
                    + ": a dangling or looping link?); name a plain file");
        }
        for (Path name : missing) {
            real = real.resolve(name);
        }
        return new TargetFile(real.normalize());
    }

    /** Whether this file lies inside {@code folder}, at any depth, and is not the folder itself. */
    public boolean within(TargetFile folder) {
        return path.startsWith(folder.path) && !path.equals(folder.path);
    }

    /** Whether this is {@code database} or one of the journal files SQLite keeps beside it. */
    public boolean isOrBeside(TargetFile database) {
        return path.equals(database.path) || SIDECARS.stream()
                .anyMatch(suffix -> path.toString().equals(database.path + suffix));
    }

    @Override
    public boolean samePlace(RestoreTarget other) {
        return other instanceof TargetFile file && file.path.equals(path);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
