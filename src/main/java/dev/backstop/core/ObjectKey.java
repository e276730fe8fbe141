package dev.backstop.core;

/** The name of a stored object, a relative slash-separated path such as {@code app/2026/11/23/ID.zst.age}. */
public record ObjectKey(String path) {
    public ObjectKey {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("invalid object key: " + path);
        }
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("invalid object key: " + path);
            }
        }
    }

    @Override
    public String toString() {
        return path;
    }
}
