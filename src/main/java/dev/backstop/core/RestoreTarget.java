package dev.backstop.core;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a restore writes, reduced so that two spellings of one place compare equal: a file by its
 * real path ({@link TargetFile}), or a database URL by scheme, user, servers, database and
 * parameters ({@link TargetUrl}).
 */
public sealed interface RestoreTarget permits TargetFile, TargetUrl {

    /** How a URL starts: {@code scheme://}. */
    Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");

    /** Whether {@code spelled} is a URL rather than a path. */
    static boolean isUrl(String spelled) {
        return URL.matcher(spelled).find();
    }

    /**
     * Reads {@code spelled}: a URL, or a path resolved against {@code base} to its real location.
     * Throws a one-line {@link BackstopException} when it cannot be resolved.
     */
    static RestoreTarget of(String spelled, Path base) {
        return isUrl(spelled) ? TargetUrl.parse(spelled) : TargetFile.resolve(base, spelled);
    }

    /** Whether a restore into this and one into {@code other} would overwrite the same database. */
    boolean samePlace(RestoreTarget other);
}
