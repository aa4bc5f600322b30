import java.nio.file.Path;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Every call labs makes to S3, each AWS action in its own method. */
final class S3 {
    private final S3Client client;

    S3(LabsOptions labs) {
        this.client = labs.aws().client(S3Client.class, S3Client::builder);
    }

    /**
     * HeadObject: whether the object exists. A HEAD response has no body, so a missing key comes back
     * as a bare 404 (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html).
     */
    boolean has(String bucket, String key) {
        try {
            client.headObject(r -> r.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return false;
            throw e;
        }
    }

    /** PutObject from a file. */
    void put(String bucket, String key, Path file) {
        client.putObject(r -> r.bucket(bucket).key(key), file);
    }
}
