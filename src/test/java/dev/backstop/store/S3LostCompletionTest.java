package dev.backstop.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.backstop.config.StorageConfig;
import dev.backstop.core.ObjectKey;
import dev.backstop.core.ObjectStore;
import dev.backstop.core.Upload;
import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * S3 completes a multipart upload but the answer is lost (the connection resets on the way back), so
 * the retried completion finds the upload gone. s3proxy cannot lose an answer it sent; the mocked SDK
 * client can. The pipeline's part (a failed backup deletes what a lost commit stored) is covered by
 * LostCommitAnswerTest with a fake store.
 */
final class S3LostCompletionTest {

    private static final ObjectKey KEY = new ObjectKey("app/2026/11/01/20261101T020000000Z-ab12.zst.age");
    private static final int SIZE = StorageConfig.MIN_PART_SIZE + 1;

    private final S3Client client = mock(S3Client.class);
    private final List<Duration> waits = new ArrayList<>();
    private ObjectStore store;

    @SuppressWarnings("unchecked")
    private static <T> Consumer<T> anyRequest() {
        return any(Consumer.class);
    }

    @BeforeEach
    void multipartUpload() {
        S3Bucket bucket = new S3Bucket(client, "backups", "https://s3.eu-west-1.amazonaws.com");
        store = S3Stores.compose(bucket, new S3MultipartTarget(bucket), StorageConfig.MIN_PART_SIZE,
                new RetryPolicy(3, Duration.ofMillis(100), waits::add));
        when(client.createMultipartUpload(S3LostCompletionTest.<CreateMultipartUploadRequest.Builder>anyRequest()))
                .thenReturn(CreateMultipartUploadResponse.builder().uploadId("u-1").build());
        when(client.uploadPart(S3LostCompletionTest.<UploadPartRequest.Builder>anyRequest(), any(RequestBody.class)))
                .thenReturn(UploadPartResponse.builder().eTag("\"p\"").build());
        when(client.completeMultipartUpload(S3LostCompletionTest.<CompleteMultipartUploadRequest.Builder>anyRequest()))
                .thenThrow(SdkClientException.create("Unable to execute HTTP request: Connection reset",
                        new SocketException("Connection reset")))
                .thenThrow((NoSuchUploadException) NoSuchUploadException.builder().statusCode(404)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchUpload")
                                .errorMessage("The specified upload does not exist.").build()).build());
    }

    private void upload() throws IOException {
        try (Upload upload = store.create(KEY)) {
            upload.stream().write(new byte[SIZE]);
            upload.commit();
        }
    }

    @Test
    void a_completion_whose_answer_was_lost_counts_once_the_object_is_there() throws Exception {
        when(client.headObject(S3LostCompletionTest.<HeadObjectRequest.Builder>anyRequest()))
                .thenReturn(HeadObjectResponse.builder().contentLength((long) SIZE).build());

        upload();

        verify(client, times(2)).completeMultipartUpload(
                S3LostCompletionTest.<CompleteMultipartUploadRequest.Builder>anyRequest());
        verify(client, never()).abortMultipartUpload(
                S3LostCompletionTest.<AbortMultipartUploadRequest.Builder>anyRequest());
        assertEquals(1, waits.size(), "one retry after the reset: " + waits);
    }

    @Test
    void an_upload_gone_without_its_object_fails_the_commit_in_one_line() {
        when(client.headObject(S3LostCompletionTest.<HeadObjectRequest.Builder>anyRequest()))
                .thenThrow(NoSuchKeyException.builder().statusCode(404).build());

        IOException failed = assertThrows(IOException.class, this::upload);

        assertFalse(failed.getMessage().contains("\n"), failed.getMessage());
        assertEquals("complete upload of " + KEY.path() + " in s3 bucket backups failed: HTTP 404 NoSuchUpload"
                + " The specified upload does not exist.", failed.getMessage());
    }
}
