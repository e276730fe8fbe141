package dev.backstop.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Sends upload parts to an S3 bucket with PutObject and the multipart upload requests. A retried
 * completion that finds its upload gone counts as done when the object is there: the first
 * completion stored it and only its answer was lost.
 */
final class S3MultipartTarget implements MultipartTarget {

    private static final String CONTENT_TYPE = "application/octet-stream";

    private final S3Bucket bucket;

    S3MultipartTarget(S3Bucket bucket) {
        this.bucket = bucket;
    }

    @Override
    public void putWhole(String key, byte[] bytes, int length) throws IOException {
        bucket.call("upload", key, (client, name) -> client.putObject(
                request -> request.bucket(name).key(key).contentLength((long) length).contentType(CONTENT_TYPE),
                body(bytes, length)));
    }

    @Override
    public String start(String key) throws IOException {
        return bucket.call("start upload of", key, (client, name) -> client.createMultipartUpload(
                request -> request.bucket(name).key(key).contentType(CONTENT_TYPE)).uploadId());
    }

    @Override
    public Part uploadPart(String key, String uploadId, int number, byte[] bytes, int length) throws IOException {
        String etag = bucket.call("upload part " + number + " of", key, (client, name) -> client.uploadPart(
                request -> request.bucket(name).key(key).uploadId(uploadId).partNumber(number)
                        .contentLength((long) length),
                body(bytes, length)).eTag());
        return new Part(number, etag);
    }

    @Override
    public void complete(String key, String uploadId, List<Part> parts) throws IOException {
        List<CompletedPart> completed = parts.stream()
                .map(part -> CompletedPart.builder().partNumber(part.number()).eTag(part.etag()).build())
                .toList();
        bucket.call("complete upload of", key, (client, name) -> {
            try {
                return client.completeMultipartUpload(request -> request.bucket(name).key(key).uploadId(uploadId)
                        .multipartUpload(upload -> upload.parts(completed)));
            } catch (NoSuchUploadException gone) {
                // A retried completion finds the upload gone when the first one completed it but its answer
                // was lost on the way back; the object under this backup's own key is then that upload.
                if (stored(client, name, key)) {
                    return null;
                }
                throw gone;
            }
        });
    }

    private static boolean stored(S3Client client, String bucket, String key) {
        try {
            client.headObject(request -> request.bucket(bucket).key(key));
            return true;
        } catch (S3Exception missing) {
            if (missing.statusCode() == 404) {
                return false;
            }
            throw missing;
        }
    }

    @Override
    public void abort(String key, String uploadId) throws IOException {
        bucket.call("abort upload of", key, (client, name) -> {
            try {
                return client.abortMultipartUpload(request -> request.bucket(name).key(key).uploadId(uploadId));
            } catch (NoSuchUploadException gone) {
                return null;
            }
        });
    }

    /** A request body that reads the buffer in place, without copying it, as often as the SDK asks. */
    private static RequestBody body(byte[] bytes, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length, CONTENT_TYPE);
    }
}
