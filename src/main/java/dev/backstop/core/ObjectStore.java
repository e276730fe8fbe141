package dev.backstop.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where backups live: immutable objects under slash-separated keys. */
public interface ObjectStore {

    /** Starts writing an object; see {@link Upload} for when it becomes visible. */
    Upload create(ObjectKey key) throws IOException;

    /** Opens an object for streaming reads. Throws {@link ObjectNotFoundException} if it does not exist. */
    InputStream open(ObjectKey key) throws IOException;

    /** Returns the object's size, or empty if it does not exist. */
    Optional<ObjectInfo> head(ObjectKey key) throws IOException;

    /** Lists the objects whose keys start with {@code prefix}, sorted by key. */
    List<ObjectInfo> list(String prefix) throws IOException;

    /** Deletes an object. Deleting a missing object is not an error. */
    void delete(ObjectKey key) throws IOException;

    /**
     * The multipart uploads started under keys that begin with {@code prefix} and neither completed
     * nor aborted, oldest first. Stores that keep no such uploads return an empty list.
     */
    default List<PendingUpload> pendingUploads(String prefix) throws IOException {
        return List.of();
    }

    /** Discards {@code upload} and every part stored for it. Aborting an upload that is gone is not an error. */
    default void abortUpload(PendingUpload upload) throws IOException {
    }

    /**
     * The object's file when the store keeps objects as files on this machine, so a restore can
     * read it in place instead of downloading a copy; empty for remote stores.
     */
    default Optional<Path> localFile(ObjectKey key) {
        return Optional.empty();
    }

    /** Describes the store for people, with no secrets, such as {@code local /var/backups}. */
    String describe();
}
