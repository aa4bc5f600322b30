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

    // ---- What provision and teardown call (S3 API reference): HeadBucket answers a bare 404 for a missing
    // bucket; CreateBucket outside us-east-1 needs the region as LocationConstraint (else
    // IllegalLocationConstraintException) and refuses a name taken (BucketAlreadyOwnedByYou); DeleteBucket
    // refuses a bucket with objects (BucketNotEmpty, 409).

    Faults faults = new Faults();
    final Map<String, Map<String, Object>> settings = new LinkedHashMap<>();

    @Override
    public software.amazon.awssdk.services.s3.model.HeadBucketResponse headBucket(
            software.amazon.awssdk.services.s3.model.HeadBucketRequest request) {
        if (!buckets.containsKey(request.bucket())) throw (S3Exception) S3Exception.builder().statusCode(404).build();
        return software.amazon.awssdk.services.s3.model.HeadBucketResponse.builder().build();
    }

    @Override
    public software.amazon.awssdk.services.s3.model.CreateBucketResponse createBucket(
            software.amazon.awssdk.services.s3.model.CreateBucketRequest request) {
        return faults.call("s3:CreateBucket", () -> {
            if (buckets.containsKey(request.bucket())) {
                throw software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException.builder().statusCode(409).build();
            }
            String constraint = request.createBucketConfiguration() == null ? null
                    : request.createBucketConfiguration().locationConstraintAsString();
            if (!FakeEcs.REGION.equals(constraint)) {
                throw (S3Exception) S3Exception.builder().statusCode(400).message("IllegalLocationConstraintException").build();
            }
            bucket(request.bucket());
            settings.put(request.bucket(), new LinkedHashMap<>());
            return software.amazon.awssdk.services.s3.model.CreateBucketResponse.builder().build();
        });
    }

    private Map<String, Object> settingsOf(String bucket) {
        Map<String, Object> of = settings.get(bucket);
        if (of == null) throw NoSuchBucketException.builder().statusCode(404).build();
        return of;
    }

    @Override
    public software.amazon.awssdk.services.s3.model.PutPublicAccessBlockResponse putPublicAccessBlock(
            software.amazon.awssdk.services.s3.model.PutPublicAccessBlockRequest request) {
        return faults.call("s3:PutPublicAccessBlock", () -> {
            settingsOf(request.bucket()).put("publicAccessBlock", request.publicAccessBlockConfiguration());
            return software.amazon.awssdk.services.s3.model.PutPublicAccessBlockResponse.builder().build();
        });
    }

    @Override
    public software.amazon.awssdk.services.s3.model.PutBucketEncryptionResponse putBucketEncryption(
            software.amazon.awssdk.services.s3.model.PutBucketEncryptionRequest request) {
        return faults.call("s3:PutBucketEncryption", () -> {
            settingsOf(request.bucket()).put("encryption", request.serverSideEncryptionConfiguration());
            return software.amazon.awssdk.services.s3.model.PutBucketEncryptionResponse.builder().build();
        });
    }

    @Override
    public software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationResponse putBucketLifecycleConfiguration(
            software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationRequest request) {
        return faults.call("s3:PutBucketLifecycleConfiguration", () -> {
            settingsOf(request.bucket()).put("lifecycle", request.lifecycleConfiguration());
            return software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationResponse.builder().build();
        });
    }

    @Override
    public software.amazon.awssdk.services.s3.model.PutBucketTaggingResponse putBucketTagging(
            software.amazon.awssdk.services.s3.model.PutBucketTaggingRequest request) {
        return faults.call("s3:PutBucketTagging", () -> {
            settingsOf(request.bucket()).put("tags", request.tagging().tagSet());
            return software.amazon.awssdk.services.s3.model.PutBucketTaggingResponse.builder().build();
        });
    }

    private Object setting(String bucket, String name, String missingCode) {
        Object value = settingsOf(bucket).get(name);
        if (value == null) throw (S3Exception) S3Exception.builder().statusCode(404).message(missingCode).build();
        return value;
    }

    @Override
    public software.amazon.awssdk.services.s3.model.GetPublicAccessBlockResponse getPublicAccessBlock(
            software.amazon.awssdk.services.s3.model.GetPublicAccessBlockRequest request) {
        return software.amazon.awssdk.services.s3.model.GetPublicAccessBlockResponse.builder().publicAccessBlockConfiguration(
                (software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration) setting(request.bucket(), "publicAccessBlock",
                        "NoSuchPublicAccessBlockConfiguration")).build();
    }

    @Override
    public software.amazon.awssdk.services.s3.model.GetBucketEncryptionResponse getBucketEncryption(
            software.amazon.awssdk.services.s3.model.GetBucketEncryptionRequest request) {
        return software.amazon.awssdk.services.s3.model.GetBucketEncryptionResponse.builder().serverSideEncryptionConfiguration(
                (software.amazon.awssdk.services.s3.model.ServerSideEncryptionConfiguration) setting(request.bucket(), "encryption",
                        "ServerSideEncryptionConfigurationNotFoundError")).build();
    }

    @Override
    public software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse getBucketLifecycleConfiguration(
            software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationRequest request) {
        return software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse.builder().rules(
                ((software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration) setting(request.bucket(), "lifecycle",
                        "NoSuchLifecycleConfiguration")).rules()).build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public software.amazon.awssdk.services.s3.model.GetBucketTaggingResponse getBucketTagging(
            software.amazon.awssdk.services.s3.model.GetBucketTaggingRequest request) {
        return software.amazon.awssdk.services.s3.model.GetBucketTaggingResponse.builder().tagSet(
                (List<software.amazon.awssdk.services.s3.model.Tag>) setting(request.bucket(), "tags", "NoSuchTagSet")).build();
    }

    @Override
    public software.amazon.awssdk.services.s3.model.ListObjectsV2Response listObjectsV2(
            software.amazon.awssdk.services.s3.model.ListObjectsV2Request request) {
        Map<String, byte[]> objects = buckets.get(request.bucket());
        if (objects == null) throw NoSuchBucketException.builder().statusCode(404).build();
        return software.amazon.awssdk.services.s3.model.ListObjectsV2Response.builder().contents(objects.keySet().stream()
                .map(key -> software.amazon.awssdk.services.s3.model.S3Object.builder().key(key).build()).toList())
                .isTruncated(false).build();
    }

    @Override
    public software.amazon.awssdk.services.s3.model.DeleteObjectResponse deleteObject(
            software.amazon.awssdk.services.s3.model.DeleteObjectRequest request) {
        return faults.call("s3:DeleteObject", () -> {
            Map<String, byte[]> objects = buckets.get(request.bucket());
            if (objects == null) throw NoSuchBucketException.builder().statusCode(404).build();
            objects.remove(request.key());
            return software.amazon.awssdk.services.s3.model.DeleteObjectResponse.builder().build();
        });
    }

    @Override
    public software.amazon.awssdk.services.s3.model.DeleteBucketResponse deleteBucket(
            software.amazon.awssdk.services.s3.model.DeleteBucketRequest request) {
        return faults.call("s3:DeleteBucket", () -> {
            Map<String, byte[]> objects = buckets.get(request.bucket());
            if (objects == null) throw NoSuchBucketException.builder().statusCode(404).build();
            if (!objects.isEmpty()) throw (S3Exception) S3Exception.builder().statusCode(409).message("BucketNotEmpty").build();
            buckets.remove(request.bucket());
            settings.remove(request.bucket());
            return software.amazon.awssdk.services.s3.model.DeleteBucketResponse.builder().build();
        });
    }

    @Override
    public String serviceName() {
        return "s3";
    }

    @Override
    public void close() {
    }
}
