package dev.backstop.store;

import dev.backstop.config.StorageConfig;
import dev.backstop.core.BackstopException;
import dev.backstop.core.ObjectStore;
import java.net.URI;
import java.net.URISyntaxException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the S3 store from the config and composes its decorators in one place: retries around
 * each upload part, and retries around the store's single-request operations.
 */
public final class S3Stores {

    private S3Stores() {
    }

    /** The store for {@code storage} (type s3), with its configured part size and the standard retries. */
    public static ObjectStore connect(StorageConfig storage) {
        return connect(storage, storage.partSize(), RetryPolicy.standard());
    }

    static ObjectStore connect(StorageConfig storage, int partSize, RetryPolicy retry) {
        return connect(storage, partSize, retry, S3Timeouts.STANDARD);
    }

    /** As above with the client's {@code timeouts}; tests pass short ones. */
    static ObjectStore connect(StorageConfig storage, int partSize, RetryPolicy retry, S3Timeouts timeouts) {
        S3Bucket bucket = new S3Bucket(client(storage, timeouts), storage.bucket(), endpointOf(storage));
        return compose(bucket, new S3MultipartTarget(bucket), partSize, retry);
    }

    /** Wraps {@code parts} and the store in retries; tests pass a fault-injecting {@code parts}. */
    static ObjectStore compose(S3Bucket bucket, MultipartTarget parts, int partSize, RetryPolicy retry) {
        MultipartTarget retriedParts = new RetryingMultipartTarget(parts, retry);
        return new RetryingObjectStore(new S3ObjectStore(bucket, retriedParts, partSize), retry);
    }

    /** An SDK client for {@code storage} with the standard timeouts. */
    static S3Client client(StorageConfig storage) {
        return client(storage, S3Timeouts.STANDARD);
    }

    /**
     * An SDK client for {@code storage} that gives up on a silent endpoint after {@code timeouts}; the
     * SDK's own retries are off because the decorators retry.
     */
    static S3Client client(StorageConfig storage, S3Timeouts timeouts) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(storage.region()))
                .forcePathStyle(storage.pathStyle())
                .credentialsProvider(credentials(storage))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(timeouts.connect())
                        .connectionAcquisitionTimeout(timeouts.connect())
                        .socketTimeout(timeouts.read()))
                .overrideConfiguration(override -> override.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(timeouts.attempt()));
        if (!storage.endpoint().isEmpty()) {
            builder.endpointOverride(endpointUri(storage.endpoint()));
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(StorageConfig storage) {
        boolean hasId = !storage.accessKeyId().isEmpty();
        boolean hasSecret = !storage.secretAccessKey().isEmpty();
        if (hasId != hasSecret) {
            throw new BackstopException("storage.access_key_id and storage.secret_access_key must be set together,"
                    + " or both left out to use the AWS default credentials");
        }
        return hasId
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(storage.accessKeyId(),
                        storage.secretAccessKey()))
                : DefaultCredentialsProvider.builder().build();
    }

    private static URI endpointUri(String endpoint) {
        try {
            URI uri = new URI(endpoint);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(endpoint, "not an http or https URL");
            }
            return uri;
        } catch (URISyntaxException invalid) {
            throw new BackstopException("storage.endpoint " + endpoint
                    + " is not a URL: write it as https://HOST or http://HOST:PORT");
        }
    }

    private static String endpointOf(StorageConfig storage) {
        return storage.endpoint().isEmpty() ? "s3." + storage.region() + ".amazonaws.com" : storage.endpoint();
    }
}
