package dev.backstop.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.core.ObjectKey;
import dev.backstop.core.ObjectStore;
import dev.backstop.core.Upload;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** storage.part_size from the config file reaches the store: an object is cut into parts of that size. */
final class S3ConfiguredPartSizeTest {

    private static final ObjectKey KEY = new ObjectKey("app/2026/11/23/parts.zst.age");

    @TempDir
    Path dir;

    private final S3ProxyServer server = S3ProxyServer.shared();

    private ObjectStore storeConfiguredWith(String bucket, String partSize) throws Exception {
        Path file = dir.resolve("backstop.yml");
        Files.writeString(file, """
                catalog: ./catalog.db
                storage:
                  type: s3
                  bucket: %s
                  endpoint: %s
                  path_style: true
                  access_key_id: %s
                  secret_access_key: ${S3_SECRET}
                  part_size: %s
                encryption:
                  recipients: [age1xhsgvdt2kq0tnp9dkguw7r8wss8vuvn7qydrgsjy9mwrtjrtddzs9da2hm]
                databases:
                  app: { engine: sqlite, path: ./app.db }
                """.formatted(bucket, server.endpoint(), S3ProxyServer.ACCESS_KEY, partSize));
        BackstopConfig config = new ConfigLoader(Map.of("S3_SECRET", S3ProxyServer.SECRET_KEY), dev.backstop.engine.Engines.ALL).load(file);
        return S3Stores.connect(config.storage());
    }

    @Test
    void a_configured_5_mib_part_size_cuts_a_23_mib_object_into_five_parts_that_read_back_whole() throws Exception {
        String bucket = server.createBucket();
        ObjectStore store = storeConfiguredWith(bucket, "5MiB");
        byte[] bytes = ObjectStoreContract.randomBytes(23 << 20, 14);

        try (Upload upload = store.create(KEY)) {
            ObjectStoreContract.writeInSlices(upload, bytes);
            upload.commit();
        }

        try (InputStream in = store.open(KEY)) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
        // A multipart object's ETag ends in -N for N parts: 23 MiB is four 5 MiB parts and a short one.
        S3Client admin = S3Stores.client(server.storage(bucket));
        String etag = admin.headObject(request -> request.bucket(bucket).key(KEY.path())).eTag();
        assertTrue(etag.endsWith("-5\""), etag);
        assertEquals(List.of(), server.pendingUploads(bucket));
    }
}
