import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * In-memory S3, answering like the API reference says: HeadObject has no response body, so a
 * missing key or bucket comes back as a bare 404 (the SDK raises NoSuchKeyException for the key)
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html); PutObject into a bucket
 * that does not exist fails with NoSuchBucket, 404
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
 */
class FakeS3 implements S3Client {
    final Map<String, Map<String, byte[]>> buckets = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();

    FakeS3 bucket(String name) {
        buckets.putIfAbsent(name, new LinkedHashMap<>());
        return this;
    }

    boolean has(String bucket, String key) {
        return buckets.containsKey(bucket) && buckets.get(bucket).containsKey(key);
    }

    @Override
    public HeadObjectResponse headObject(HeadObjectRequest request) {
        calls.add("HeadObject " + request.key());
        Map<String, byte[]> objects = buckets.get(request.bucket());
        if (objects == null) throw (S3Exception) S3Exception.builder().statusCode(404).message(null).build();
        byte[] object = objects.get(request.key());
        if (object == null) throw NoSuchKeyException.builder().statusCode(404).build();
        return HeadObjectResponse.builder().contentLength((long) object.length).build();
    }

    @Override
    public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
        calls.add("PutObject " + request.key());
        Map<String, byte[]> objects = buckets.get(request.bucket());
        if (objects == null) {
            throw NoSuchBucketException.builder().statusCode(404).message("The specified bucket does not exist").build();
        }
        try (InputStream in = body.contentStreamProvider().newStream()) {
            objects.put(request.key(), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return PutObjectResponse.builder().eTag("\"etag\"").build();
    }

    @Override
    public String serviceName() {
        return "s3";
    }

    @Override
    public void close() {
    }
}
