package dev.backstop.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.backstop.config.StorageConfig;
import dev.backstop.core.ObjectKey;
import dev.backstop.core.ObjectStore;
import dev.backstop.core.Upload;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Wrong credentials, a missing bucket and an unreachable endpoint each give one clear line without secrets. */
final class S3ErrorMessagesTest {

    private static final String WRONG_SECRET = "wrong-secret-never-printed-42";

    private final S3ProxyServer server = S3ProxyServer.shared();
    private final List<Duration> waits = new ArrayList<>();
    private final RetryPolicy retry = new RetryPolicy(4, Duration.ofMillis(200), waits::add);

    private ObjectStore connect(StorageConfig storage) {
        return S3Stores.connect(storage, StorageConfig.DEFAULT_PART_SIZE, retry);
    }

    private static void upload(ObjectStore store) throws IOException {
        try (Upload upload = store.create(new ObjectKey("app/x.zst.age"))) {
            upload.stream().write(new byte[] {1, 2, 3});
            upload.commit();
        }
    }

    private static String oneLineFrom(Executable action, String secret) {
        IOException thrown = assertThrows(IOException.class, action);
        String message = thrown.getMessage();
        assertFalse(message.contains("\n"), message);
        assertFalse(message.contains(secret), message);
        return message;
    }

    @Test
    void a_wrong_secret_is_reported_as_access_denied_without_retrying() {
        String bucket = server.createBucket();
        StorageConfig wrong = server.storage(bucket, S3ProxyServer.ACCESS_KEY, WRONG_SECRET);
        String expected = "access denied by s3 bucket " + bucket
                + ": check storage.access_key_id and storage.secret_access_key";

        // A fresh store for each call: the server closes the connection after refusing, and a reused
        // pooled connection would fail once with a broken pipe (rightly retried) before the refusal.
        assertEquals(expected, oneLineFrom(() -> upload(connect(wrong)), WRONG_SECRET));
        assertEquals(expected, oneLineFrom(() -> connect(wrong).list("app/"), WRONG_SECRET));
        assertEquals(expected, oneLineFrom(() -> connect(wrong).open(new ObjectKey("app/x.zst.age")), WRONG_SECRET));
        assertEquals(List.of(), waits);
    }

    @Test
    void an_unknown_access_key_is_reported_as_access_denied() {
        String bucket = server.createBucket();
        ObjectStore store = connect(server.storage(bucket, "nobody", WRONG_SECRET));

        assertEquals("access denied by s3 bucket " + bucket
                        + ": check storage.access_key_id and storage.secret_access_key",
                oneLineFrom(() -> upload(store), WRONG_SECRET));
    }

    @Test
    void a_missing_bucket_is_named_with_its_endpoint() {
        StorageConfig missing = server.storage("no-such-bucket");
        String expected = "bucket no-such-bucket does not exist at " + server.endpoint()
                + ": create it or fix storage.bucket";

        assertEquals(expected, oneLineFrom(() -> upload(connect(missing)), S3ProxyServer.SECRET_KEY));
        assertEquals(expected, oneLineFrom(() -> connect(missing).list(""), S3ProxyServer.SECRET_KEY));
        assertEquals(List.of(), waits);
    }

    @Test
    void an_unreachable_endpoint_is_retried_then_reported() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + closedPort;
        ObjectStore store = connect(new StorageConfig("s3", null, "backups", "", endpoint, "us-east-1", true,
                S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, StorageConfig.DEFAULT_PART_SIZE));

        assertEquals("cannot reach s3 endpoint " + endpoint + " (connection refused): check storage.endpoint;"
                + " gave up after 4 attempts", oneLineFrom(() -> store.list("app/"), S3ProxyServer.SECRET_KEY));
        assertEquals(3, waits.size());
    }

    @Test
    void describe_names_the_bucket_and_endpoint_but_no_secret() {
        String described = connect(server.storage("backups")).describe();

        assertEquals("s3 bucket backups at " + server.endpoint(), described);
        assertFalse(described.contains(S3ProxyServer.SECRET_KEY));
    }
}
