import java.nio.file.Path;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Every call labs makes to S3, each AWS action in its own method. */
final class S3 {
    private final S3Client client;
    private final Names names;
    private final Console console;

    S3(LabsOptions labs) {
        boolean pathStyle = endpointOverridden(labs.context().environment());
        this.client = labs.aws().client(S3Client.class, () -> S3Client.builder().forcePathStyle(pathStyle));
        this.names = labs.names();
        this.console = labs.console();
    }

    /**
     * Whether AWS_ENDPOINT_URL(_S3) points the run at another endpoint (an emulator). The SDK then
     * addresses a bucket as BUCKET.HOST unless HOST is an IP address, and BUCKET.localhost does not
     * resolve: path-style (HOST/BUCKET) reaches every emulator, as botocore does by itself for a custom
     * endpoint (https://github.com/aws/aws-sdk-js-v3/issues/7136;
     * https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html).
     */
    static boolean endpointOverridden(java.util.Map<String, String> environment) {
        if ("true".equalsIgnoreCase(environment.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))) return false;
        return java.util.stream.Stream.of("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL").map(environment::get)
                .anyMatch(url -> url != null && !url.isBlank());
    }

    /** HeadBucket: a bucket that does not exist, or that another account owns, answers 404 or 403. */
    boolean bucketExists(String bucket) {
        try {
            client.headBucket(r -> r.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return false;
            throw e;
        }
    }

    /** CreateBucket (outside us-east-1 with the region as LocationConstraint), then labs' settings. */
    void createBucket(String bucket, String region) {
        client.createBucket(r -> {
            r.bucket(bucket);
            if (!"us-east-1".equals(region)) r.createBucketConfiguration(c -> c.locationConstraint(region));
        });
        configureBucket(bucket);
        console.detail("  created S3 bucket " + bucket);
    }

    /** Which of labs' settings a bucket has: what a re-run of provision completes after an interruption. */
    record BucketSettings(boolean publicAccessBlocked, boolean encrypted, boolean expires, boolean tagged) {
        boolean complete() {
            return publicAccessBlocked && encrypted && expires && tagged;
        }
    }

    /**
     * GetPublicAccessBlock, GetBucketEncryption, GetBucketLifecycleConfiguration, GetBucketTagging: each
     * answers 404 (NoSuchPublicAccessBlockConfiguration, ServerSideEncryptionConfigurationNotFoundError,
     * NoSuchLifecycleConfiguration, NoSuchTagSet) when the bucket has none.
     */
    BucketSettings settings(String bucket) {
        boolean blocked = orMissing(() -> {
            var block = client.getPublicAccessBlock(r -> r.bucket(bucket)).publicAccessBlockConfiguration();
            return block.equals(BuildProject.publicAccessBlocked());
        });
        boolean encrypted = orMissing(() -> !client.getBucketEncryption(r -> r.bucket(bucket)).serverSideEncryptionConfiguration()
                .rules().isEmpty());
        boolean expires = orMissing(() -> client.getBucketLifecycleConfiguration(r -> r.bucket(bucket)).rules().stream()
                .anyMatch(rule -> rule.expiration() != null && rule.expiration().days() != null));
        boolean tagged = orMissing(() -> client.getBucketTagging(r -> r.bucket(bucket)).tagSet().stream()
                .anyMatch(t -> names.isOwnTag(t.key(), t.value())));
        return new BucketSettings(blocked, encrypted, expires, tagged);
    }

    private static boolean orMissing(java.util.function.BooleanSupplier read) {
        try {
            return read.getAsBoolean();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return false;
            throw e;
        }
    }

    /** Public access blocked, SSE-S3 by default, the expiry rule, the stack's tags: each PUT replaces, so a re-run completes. */
    void configureBucket(String bucket) {
        client.putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(BuildProject.publicAccessBlocked()));
        client.putBucketEncryption(r -> r.bucket(bucket).serverSideEncryptionConfiguration(BuildProject.encrypted()));
        client.putBucketLifecycleConfiguration(r -> r.bucket(bucket).lifecycleConfiguration(BuildProject.sourcesExpire()));
        client.putBucketTagging(r -> r.bucket(bucket).tagging(t -> t.tagSet(names.tags().entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())));
    }

    /** DeleteBucket needs an empty bucket: the objects go first, page by page. */
    void deleteBucket(String bucket) {
        for (S3Object object : client.listObjectsV2Paginator(r -> r.bucket(bucket)).contents()) {
            client.deleteObject(r -> r.bucket(bucket).key(object.key()));
        }
        client.deleteBucket(r -> r.bucket(bucket));
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
