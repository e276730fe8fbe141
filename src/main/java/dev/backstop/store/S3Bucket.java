package dev.backstop.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One bucket at one endpoint, reached through an SDK client. Every request goes through
 * {@link #call}, which turns SDK failures into one-line {@link IOException}s that name the bucket
 * and the config key to fix, and never hold credentials.
 */
final class S3Bucket {

    private static final Set<String> DENIED = Set.of("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch",
            "InvalidToken", "AuthorizationHeaderMalformed");
    private static final Set<String> EXPIRED = Set.of("ExpiredToken", "TokenRefreshRequired", "RequestExpired");

    private final S3Client client;
    private final String name;
    private final String endpoint;

    S3Bucket(S3Client client, String name, String endpoint) {
        this.client = client;
        this.name = name;
        this.endpoint = endpoint;
    }

    /** A request to the bucket. */
    @FunctionalInterface
    interface Request<T> {
        T send(S3Client client, String bucket) throws IOException;
    }

    String name() {
        return name;
    }

    String endpoint() {
        return endpoint;
    }

    /** Sends {@code request}; {@code operation} and {@code key} say what it was, for the error message. */
    <T> T call(String operation, String key, Request<T> request) throws IOException {
        try {
            return request.send(client, name);
        } catch (S3Exception refused) {
            throw explain(operation, key, refused);
        } catch (SdkClientException failed) {
            throw explain(operation, key, failed);
        } catch (SdkException other) {
            throw new IOException(operation + " " + key + " in s3 bucket " + name + " failed: "
                    + oneLine(other.getMessage()), other);
        }
    }

    private IOException explain(String operation, String key, S3Exception refused) {
        AwsErrorDetails details = refused.awsErrorDetails();
        String code = details == null || details.errorCode() == null ? "" : details.errorCode();
        int status = refused.statusCode();
        if (EXPIRED.contains(code)) {
            return new StoreRefusedException("the credentials for s3 bucket " + name + " have expired (" + code
                    + "): renew the session token (e.g. `aws sso login` or a fresh role session) and retry", refused);
        }
        if (DENIED.contains(code) || status == 403) {
            return new StoreRefusedException("access denied by s3 bucket " + name
                    + ": check storage.access_key_id and storage.secret_access_key", refused);
        }
        if ("NoSuchBucket".equals(code)) {
            return new StoreRefusedException("bucket " + name + " does not exist at " + endpoint
                    + ": create it or fix storage.bucket", refused);
        }
        String what = operation + " " + key + " in s3 bucket " + name + " failed: HTTP " + status
                + (code.isEmpty() ? "" : " " + code)
                + (details == null || details.errorMessage() == null ? "" : " " + oneLine(details.errorMessage()))
                + ("SlowDown".equals(code) ? " (S3 is throttling this bucket: retry later, or spread out the"
                        + " schedules of the databases that share it)" : "");
        boolean permanent = status >= 400 && status < 500 && status != 408 && status != 429
                && !"RequestTimeout".equals(code);
        return permanent ? new StoreRefusedException(what, refused) : new IOException(what, refused);
    }

    private IOException explain(String operation, String key, SdkClientException failed) {
        for (Throwable cause = failed; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException || cause instanceof SocketTimeoutException
                    || cause instanceof ApiCallAttemptTimeoutException) {
                return new IOException("cannot reach s3 endpoint " + endpoint + " (" + reason(cause)
                        + "): check storage.endpoint", failed);
            }
            if (cause instanceof InterruptedException || cause instanceof InterruptedIOException) {
                Thread.currentThread().interrupt();
                InterruptedIOException interrupted = new InterruptedIOException(operation + " " + key
                        + " in s3 bucket " + name + " was interrupted");
                interrupted.initCause(failed);
                return interrupted;
            }
        }
        return new IOException(operation + " " + key + " in s3 bucket " + name + " failed: "
                + oneLine(failed.getMessage()), failed);
    }

    private static String reason(Throwable cause) {
        if (cause instanceof UnknownHostException) {
            return "unknown host " + cause.getMessage();
        }
        if (cause instanceof SocketTimeoutException || cause instanceof ApiCallAttemptTimeoutException) {
            return "timed out";
        }
        return cause instanceof ConnectException ? "connection refused" : oneLine(cause.getMessage());
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").trim();
    }
}
