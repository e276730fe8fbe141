package dev.backstop.store;

import dev.backstop.core.ObjectStore;
import java.util.List;

/** The object store contract for an S3 bucket, against s3proxy. */
final class S3ObjectStoreTest extends ObjectStoreContract {

    private final S3ProxyServer server = S3ProxyServer.shared();
    private String bucket;

    @Override
    protected ObjectStore newStore() {
        bucket = server.createBucket();
        return S3Stores.connect(server.storage(bucket));
    }

    @Override
    protected List<String> pendingWrites() {
        return server.pendingUploads(bucket);
    }
}
