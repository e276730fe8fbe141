package dev.backstop.store;

import dev.backstop.config.StorageConfig;
import dev.backstop.core.ObjectInfo;
import dev.backstop.core.ObjectKey;
import dev.backstop.core.ObjectNotFoundException;
import dev.backstop.core.ObjectStore;
import dev.backstop.core.PendingUpload;
import dev.backstop.core.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Stores objects in an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO) under their key paths.
 * Uploads are multipart with at most two part buffers in memory; see {@link S3Upload}.
 */
public final class S3ObjectStore implements ObjectStore {

    private final S3Bucket bucket;
    private final MultipartTarget parts;
    private final int partSize;

    S3ObjectStore(S3Bucket bucket, MultipartTarget parts, int partSize) {
        if (partSize < StorageConfig.MIN_PART_SIZE || partSize > StorageConfig.MAX_PART_SIZE) {
            throw new IllegalArgumentException("part size must be " + StorageConfig.MIN_PART_SIZE + " to "
                    + StorageConfig.MAX_PART_SIZE + " bytes, not " + partSize);
        }
        this.bucket = bucket;
        this.parts = parts;
        this.partSize = partSize;
    }

    @Override
    public Upload create(ObjectKey key) {
        return new S3Upload(parts, key.path(), partSize);
    }

    @Override
    public InputStream open(ObjectKey key) throws IOException {
        return bucket.call("download", key.path(), (client, name) -> {
            try {
                return client.getObject(request -> request.bucket(name).key(key.path()));
            } catch (NoSuchKeyException missing) {
                throw new ObjectNotFoundException(key);
            }
        });
    }

    @Override
    public Optional<ObjectInfo> head(ObjectKey key) throws IOException {
        return bucket.call("look up", key.path(), (client, name) -> {
            try {
                long size = client.headObject(request -> request.bucket(name).key(key.path())).contentLength();
                return Optional.of(new ObjectInfo(key, size));
            } catch (NoSuchKeyException missing) {
                return Optional.empty();
            }
        });
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        List<ObjectInfo> found = bucket.call("list", prefix + "*", (client, name) -> {
            List<ObjectInfo> objects = new ArrayList<>();
            for (S3Object object : client.listObjectsV2Paginator(request -> request.bucket(name).prefix(prefix))
                    .contents()) {
                if (isObjectKey(object.key())) {
                    objects.add(new ObjectInfo(new ObjectKey(object.key()), object.size()));
                }
            }
            return objects;
        });
        found.sort(Comparator.comparing(info -> info.key().path()));
        return found;
    }

    @Override
    public void delete(ObjectKey key) throws IOException {
        bucket.call("delete", key.path(), (client, name) ->
                client.deleteObject(request -> request.bucket(name).key(key.path())));
    }

    @Override
    public List<PendingUpload> pendingUploads(String prefix) throws IOException {
        List<PendingUpload> found = bucket.call("list pending uploads under", prefix + "*", (client, name) -> {
            List<PendingUpload> uploads = new ArrayList<>();
            for (MultipartUpload upload : client.listMultipartUploadsPaginator(
                    request -> request.bucket(name).prefix(prefix)).uploads()) {
                uploads.add(new PendingUpload(upload.key(), upload.uploadId(), upload.initiated()));
            }
            return uploads;
        });
        found.sort(Comparator.comparing(PendingUpload::initiated).thenComparing(PendingUpload::key));
        return found;
    }

    @Override
    public void abortUpload(PendingUpload upload) throws IOException {
        parts.abort(upload.key(), upload.uploadId());
    }

    @Override
    public String describe() {
        return "s3 bucket " + bucket.name() + " at " + bucket.endpoint();
    }

    /** Folder markers and other keys that are not Backstop paths are left out of listings. */
    private static boolean isObjectKey(String key) {
        try {
            new ObjectKey(key);
            return true;
        } catch (IllegalArgumentException notOurs) {
            return false;
        }
    }
}
