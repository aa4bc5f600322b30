import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * deploy --build-only as a user runs it: real JBang, the real AWS SDK logging in to ECR through
 * AWS_ENDPOINT_URL (GetAuthorizationToken on the loopback endpoint), and jib pushing to the
 * registry that the token's proxyEndpoint names, a real registry on loopback.
 */
class DeployBuildEndToEndTest {
    LoopbackAws aws;
    LoopbackRegistry registry;
    SampleApp sample;

    @BeforeEach
    void start() throws Exception {
        registry = LoopbackRegistry.start();
        aws = LoopbackAws.start("labs-jj", 0);
        aws.ecrProxyEndpoint = "http://" + registry.address;
        sample = SampleApp.create();
        RealJBang.jbangDir();
    }

    @AfterEach
    void stop() throws Exception {
        aws.close();
        registry.close();
        sample.delete();
    }

    @Test
    void logsInToEcrWithTheSdkAndPushesWithoutDockerOrTheAwsCli() throws Exception {
        String base = SampleApp.pushBaseImage(registry);
        Map<String, String> environment = new HashMap<>(Map.of(
                "AWS_ENDPOINT_URL", aws.endpoint(), "AWS_REGION", LoopbackAws.REGION,
                "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "example-secret", "AWS_PROFILE", "",
                "AWS_CONFIG_FILE", sample.root.resolve("no-aws-config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", sample.root.resolve("no-aws-credentials").toString()));
        environment.putAll(Map.of("LABS_IMAGE_BASE", base, "LABS_IMAGE_CACHE", sample.cache.toString(),
                "LABS_PREFIX", "", "LABS_IMAGE_REGISTRY", ""));
        environment.putAll(sample.packageSources());
        RealJBang.Result result = RealJBang.run(environment, sample.app, "deploy@labs", "--build-only");
        assertEquals(0, result.exitCode(), result::toString);
        String sha = sample.git("rev-parse", "--short", "HEAD");
        OciRegistry.Manifest manifest = registry.manifest(DeployImageTest.REPOSITORY, sha);
        assertEquals(registry.address + "/" + DeployImageTest.REPOSITORY + "@" + manifest.digest() + "\n", result.out());
        assertEquals(1, aws.calls().get("ecr:GetAuthorizationToken"), aws.calls()::toString);
        assertTrue(registry.tags(DeployImageTest.REPOSITORY).contains("latest"));
        assertFalse(result.err().contains(LoopbackAws.ECR_PASSWORD), "the registry password never shows: " + result);
    }
}
