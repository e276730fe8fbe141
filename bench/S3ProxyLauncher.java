import java.net.URI;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/** Starts s3proxy over a folder for the benchmark: java S3ProxyLauncher.java PORT FOLDER ACCESS_KEY SECRET_KEY. */
public final class S3ProxyLauncher {
    public static void main(String[] args) throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(Path.of(args[1]).toString()))
                .endpoint(URI.create("http://127.0.0.1:" + args[0]))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, args[2], args[3])
                .build();
        proxy.start();
        Thread.currentThread().join();
    }
}
