import software.amazon.awssdk.services.codebuild.model.ArtifactsType;
import software.amazon.awssdk.services.codebuild.model.ComputeType;
import software.amazon.awssdk.services.codebuild.model.CreateProjectRequest;
import software.amazon.awssdk.services.codebuild.model.EnvironmentType;
import software.amazon.awssdk.services.codebuild.model.LogsConfigStatusType;
import software.amazon.awssdk.services.codebuild.model.SourceType;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * What provision creates for the codebuild builder, as requests: the project (Linux, small compute,
 * privileged for Docker; ARM_CONTAINER with an aarch64 image for linux/arm64), and the sources
 * bucket's settings (private, encrypted, public access blocked, uploads expire after a day).
 */
final class BuildProject {
    static final String X86_IMAGE = "aws/codebuild/amazonlinux2-x86_64-standard:5.0";
    static final String ARM_IMAGE = "aws/codebuild/amazonlinux2-aarch64-standard:3.0";
    static final int TIMEOUT_MINUTES = 60;
    static final int SOURCES_EXPIRE_DAYS = 1;

    private BuildProject() {
    }

    /** The project has no source of its own: each StartBuild names the uploaded context and labs' buildspec. */
    static CreateProjectRequest create(Names names, String platform, String serviceRoleArn) {
        boolean arm = "linux/arm64".equals(platform);
        return CreateProjectRequest.builder().name(names.buildProject())
                .description("Builds the Dockerfile of " + names.app() + " for labs (prefix " + names.prefix() + ")")
                .source(s -> s.type(SourceType.NO_SOURCE).buildspec(Buildspec.text()))
                .artifacts(a -> a.type(ArtifactsType.NO_ARTIFACTS))
                .environment(e -> e.type(arm ? EnvironmentType.ARM_CONTAINER : EnvironmentType.LINUX_CONTAINER)
                        .image(arm ? ARM_IMAGE : X86_IMAGE).computeType(ComputeType.BUILD_GENERAL1_SMALL).privilegedMode(true))
                .serviceRole(serviceRoleArn)
                .timeoutInMinutes(TIMEOUT_MINUTES)
                .logsConfig(l -> l.cloudWatchLogs(c -> c.status(LogsConfigStatusType.ENABLED).groupName(names.buildLogGroup())))
                .tags(names.tags().entrySet().stream()
                        .map(t -> software.amazon.awssdk.services.codebuild.model.Tag.builder().key(t.getKey()).value(t.getValue()).build())
                        .toList())
                .build();
    }

    static PublicAccessBlockConfiguration publicAccessBlocked() {
        return PublicAccessBlockConfiguration.builder().blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true)
                .restrictPublicBuckets(true).build();
    }

    static ServerSideEncryptionConfiguration encrypted() {
        ServerSideEncryptionRule rule = ServerSideEncryptionRule.builder()
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)).build();
        return ServerSideEncryptionConfiguration.builder().rules(rule).build();
    }

    /** Build contexts are needed for minutes; a day keeps a retried build working and costs next to nothing. */
    static BucketLifecycleConfiguration sourcesExpire() {
        return BucketLifecycleConfiguration.builder().rules(LifecycleRule.builder().id("labs-sources-expire")
                .status(ExpirationStatus.ENABLED).filter(f -> f.prefix("sources/"))
                .expiration(e -> e.days(SOURCES_EXPIRE_DAYS))
                .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(SOURCES_EXPIRE_DAYS)).build()).build();
    }
}
