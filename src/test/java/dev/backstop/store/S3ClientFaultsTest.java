package dev.backstop.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.backstop.config.StorageConfig;
import dev.backstop.core.ObjectInfo;
import dev.backstop.core.ObjectKey;
import dev.backstop.core.ObjectStore;
import dev.backstop.core.Upload;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Answers that s3proxy never gives, from a mocked SDK client: AWS throttling with 503 SlowDown, and
 * temporary credentials that expired (ExpiredToken). Only the SDK's client is mocked; the bucket,
 * the retries and the store around it are Backstop's own.
 */
final class S3ClientFaultsTest {

    private static final ObjectKey KEY = new ObjectKey("app/2026/11/01/x.zst.age");

    private final S3Client client = mock(S3Client.class);
    private final List<Duration> waits = new ArrayList<>();
    private final ObjectStore store = storeOn(client);

    private ObjectStore storeOn(S3Client sdk) {
        S3Bucket bucket = new S3Bucket(sdk, "backups", "https://s3.eu-west-1.amazonaws.com");
        return S3Stores.compose(bucket, new S3MultipartTarget(bucket), StorageConfig.DEFAULT_PART_SIZE,
                new RetryPolicy(4, Duration.ofMillis(200), waits::add));
    }

    private static S3Exception answer(int status, String code, String message) {
        return (S3Exception) S3Exception.builder().statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    private static S3Exception slowDown() {
        return answer(503, "SlowDown", "Please reduce your request rate.");
    }

    @SuppressWarnings("unchecked")
    private static Consumer<PutObjectRequest.Builder> anyPut() {
        return any(Consumer.class);
    }

    @SuppressWarnings("unchecked")
    private static Consumer<HeadObjectRequest.Builder> anyHead() {
        return any(Consumer.class);
    }

    private void upload() throws IOException {
        try (Upload upload = store.create(KEY)) {
            upload.stream().write(new byte[] {1, 2, 3});
            upload.commit();
        }
    }

    @Test
    void an_upload_throttled_with_slow_down_is_retried_with_backoff_until_it_is_stored() throws Exception {
        when(client.putObject(anyPut(), any(RequestBody.class))).thenThrow(slowDown()).thenThrow(slowDown())
                .thenReturn(PutObjectResponse.builder().eTag("\"e\"").build());

        upload();

        verify(client, times(3)).putObject(anyPut(), any(RequestBody.class));
        assertEquals(2, waits.size(), waits.toString());
        assertEquals(true, waits.get(1).compareTo(waits.get(0)) > 0, "the wait grows: " + waits);
    }

    @Test
    void a_look_up_throttled_with_slow_down_is_retried() throws Exception {
        when(client.headObject(anyHead())).thenThrow(slowDown())
                .thenReturn(HeadObjectResponse.builder().contentLength(3L).build());

        ObjectInfo found = store.head(KEY).orElseThrow();

        assertEquals(3, found.sizeBytes());
        verify(client, times(2)).headObject(anyHead());
        assertEquals(1, waits.size());
    }

    @Test
    void slow_down_that_never_ends_fails_in_one_line_after_the_retries() {
        when(client.headObject(anyHead())).thenThrow(slowDown());

        IOException failed = assertThrows(IOException.class, () -> store.head(KEY));

        assertEquals("look up " + KEY.path() + " in s3 bucket backups failed: HTTP 503 SlowDown Please reduce your"
                + " request rate. (S3 is throttling this bucket: retry later, or spread out the schedules of the"
                + " databases that share it); gave up after 4 attempts", failed.getMessage());
        verify(client, times(4)).headObject(anyHead());
    }

    @Test
    void an_expired_session_token_is_reported_in_one_line_saying_what_to_do_and_is_not_retried() {
        when(client.putObject(anyPut(), any(RequestBody.class)))
                .thenThrow(answer(400, "ExpiredToken", "The provided token has expired."));

        IOException failed = assertThrows(IOException.class, this::upload);

        assertEquals("the credentials for s3 bucket backups have expired (ExpiredToken): renew the session token"
                + " (e.g. `aws sso login` or a fresh role session) and retry", failed.getMessage());
        assertFalse(failed.getMessage().contains("\n"));
        verify(client, times(1)).putObject(anyPut(), any(RequestBody.class));
        assertEquals(List.of(), waits);
    }
}
