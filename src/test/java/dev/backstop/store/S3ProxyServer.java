package dev.backstop.store;

import dev.backstop.config.StorageConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/** A real S3 server for tests: s3proxy over a temp folder on a free local port, one per JVM. */
public final class S3ProxyServer {

    public static final String ACCESS_KEY = "backstop-test-access";
    public static final String SECRET_KEY = "backstop-test-secret-5ecr3t";

    private static S3ProxyServer shared;

    private final URI endpoint;
    private final S3Client admin;

    private S3ProxyServer(URI endpoint) {
        this.endpoint = endpoint;
        this.admin = S3Stores.client(storage("unused"));
    }

    /** The JVM's server, started on first use and stopped when the JVM exits. */
    public static synchronized S3ProxyServer shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    private static S3ProxyServer start() {
        try {
            Path root = Files.createTempDirectory("backstop-s3proxy-");
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(new FilesystemNio2BlobStore(root.toString()))
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.sleep(10);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(proxy, root)));
            return new S3ProxyServer(URI.create("http://127.0.0.1:" + proxy.getPort()));
        } catch (Exception failed) {
            throw new IllegalStateException("cannot start s3proxy: " + failed.getMessage(), failed);
        }
    }

    private static void stop(S3Proxy proxy, Path root) {
        try {
            proxy.stop();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (Exception ignored) {
            // The JVM is exiting; a leftover temp folder is harmless.
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Creates a new empty bucket and returns its name. */
    public String createBucket() {
        String name = "backstop-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createBucket(request -> request.bucket(name));
        return name;
    }

    /** Storage config for {@code bucket} on this server, with the right credentials and path-style access. */
    public StorageConfig storage(String bucket) {
        return storage(bucket, ACCESS_KEY, SECRET_KEY);
    }

    public StorageConfig storage(String bucket, String accessKey, String secretKey) {
        return new StorageConfig("s3", null, bucket, "", endpoint.toString(), "us-east-1", true, accessKey, secretKey,
                StorageConfig.DEFAULT_PART_SIZE);
    }

    /** Keys of the multipart uploads started in {@code bucket} and neither completed nor aborted. */
    public List<String> pendingUploads(String bucket) {
        return admin.listMultipartUploads(request -> request.bucket(bucket)).uploads().stream()
                .map(MultipartUpload::key)
                .toList();
    }

    /** The bytes of object {@code key} in {@code bucket}. */
    public byte[] read(String bucket, String key) {
        return admin.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArray();
    }

    /** Stores {@code bytes} as object {@code key} in {@code bucket}, replacing what is there. */
    public void write(String bucket, String key, byte[] bytes) {
        admin.putObject(request -> request.bucket(bucket).key(key),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes));
    }

    /** Starts a multipart upload of {@code key} in {@code bucket}, stores one part and leaves it, as a dead backup would. */
    public void leaveUpload(String bucket, String key) {
        String uploadId = admin.createMultipartUpload(request -> request.bucket(bucket).key(key)).uploadId();
        admin.uploadPart(request -> request.bucket(bucket).key(key).uploadId(uploadId).partNumber(1),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[1024]));
    }

    /** Keys of every object in {@code bucket}. */
    public List<String> keys(String bucket) {
        return admin.listObjectsV2Paginator(request -> request.bucket(bucket)).contents().stream()
                .map(object -> object.key())
                .toList();
    }

}
