package dev.backstop.store;

import java.io.IOException;
import java.util.List;

/**
 * Where an upload's bytes go, one part at a time: the seam between buffering and the network,
 * so that retries and fault injection can wrap it. Keys are object paths inside one bucket.
 */
interface MultipartTarget {

    /** A stored part: its 1-based number and the entity tag the server gave it. */
    record Part(int number, String etag) {
    }

    /** Stores a whole small object under {@code key} at once; it is visible when this returns. */
    void putWhole(String key, byte[] bytes, int length) throws IOException;

    /** Starts a multipart upload of {@code key} and returns its upload id; nothing is visible yet. */
    String start(String key) throws IOException;

    /**
     * Stores the first {@code length} bytes of {@code bytes} as part {@code number}. Storing the same
     * number again replaces the part, so a failed call may be repeated. The array is not kept.
     */
    Part uploadPart(String key, String uploadId, int number, byte[] bytes, int length) throws IOException;

    /** Joins {@code parts} into the object under {@code key}, which becomes visible when this returns. */
    void complete(String key, String uploadId, List<Part> parts) throws IOException;

    /** Discards the upload and every part stored for it. Aborting an unknown upload is not an error. */
    void abort(String key, String uploadId) throws IOException;
}
