package dev.backstop.core;

/** What a store knows about one stored object. */
public record ObjectInfo(ObjectKey key, long sizeBytes) {
}
