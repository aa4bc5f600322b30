import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.IamClientBuilder;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The whole life of an environment, through real JBang and the real SDK, against any
 * AWS-compatible endpoint named by LABS_TEST_AWS_ENDPOINT (e.g. an emulator on loopback), or
 * against AWS itself when it says "aws" (then the usual credential chain and AWS_REGION apply).
 * Without it the class is skipped: this machine reaches no AWS and installs no emulator.
 *
 * <p>LABS_TEST_GITHUB_REPO (OWNER/NAME) also makes the GitHub deploy role, named after the fresh
 * prefix, and asks IAM's policy simulator (SimulatePrincipalPolicy) whether that role allows every
 * request the workflow's commands make (DeployRolePolicyTest records them in fakes). Provision
 * then creates the account's GitHub OIDC provider if it has none, which teardown keeps.
 *
 * <p>LABS_TEST_IMAGE names an image the endpoint's tasks can run; without it deploy builds the
 * tests' sample app (SampleApp, its wheels from a package index on loopback) onto labs.image.base. The prefix is
 * fresh each run and the last step tears it down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AwsEndpointTest {
    private final Map<String, String> environment = new HashMap<>();
    private Path workingDirectory;
    private SampleApp sample;
    private String firstWebRevision;

    @BeforeAll
    void pointAtTheEndpoint() throws Exception {
        String endpoint = System.getenv("LABS_TEST_AWS_ENDPOINT");
        Assumptions.assumeTrue(endpoint != null && !endpoint.isBlank(), "LABS_TEST_AWS_ENDPOINT is not set");
        environment.put("AWS_REGION", System.getenv().getOrDefault("AWS_REGION", "us-east-1"));
        if (!endpoint.equals("aws")) {
            environment.put("AWS_ENDPOINT_URL", endpoint);
            environment.put("AWS_ACCESS_KEY_ID", System.getenv().getOrDefault("AWS_ACCESS_KEY_ID", "test"));
            environment.put("AWS_SECRET_ACCESS_KEY", System.getenv().getOrDefault("AWS_SECRET_ACCESS_KEY", "test"));
        }
        environment.put("LABS_PREFIX", "labs-e2e-" + Long.toString(System.currentTimeMillis() % 100_000, 36));
        environment.put("LABS_GITHUB_DEPLOY_ROLE", environment.get("LABS_PREFIX") + "-github-deploy");
        workingDirectory = Files.createTempDirectory("labs-e2e");
        if (System.getenv("LABS_TEST_IMAGE") == null) {
            sample = SampleApp.create();
            environment.putAll(sample.packageSources());
        }
        RealJBang.jbangDir();
    }

    private RealJBang.Result labs(String... args) throws Exception {
        String[] command = args.clone();
        command[0] = command[0] + "@labs";
        RealJBang.Result result = RealJBang.run(environment, workingDirectory, command);
        assertEquals(0, result.exitCode(), result::toString);
        return result;
    }

    @Test
    @Order(1)
    void provisionCreatesTheStackAndASecondRunChangesNothing() throws Exception {
        labs("provision");
        RealJBang.Result again = labs("provision");
        assertTrue(again.err().contains("Nothing to change"), again::toString);
    }

    @Test
    @Order(2)
    void theDeployRoleAllowsEveryCallOfTheWorkflowInIamsPolicySimulator() throws Exception {
        String repository = System.getenv("LABS_TEST_GITHUB_REPO");
        Assumptions.assumeTrue(repository != null && !repository.isBlank(), "LABS_TEST_GITHUB_REPO is not set");
        labs("provision", "--github-repo", repository);
        String region = environment.get("AWS_REGION");
        try (IamClient iam = client(IamClient.builder()); StsClient sts = client(StsClient.builder())) {
            String account = sts.getCallerIdentity(r -> { }).account();
            String roleArn = iam.getRole(r -> r.roleName(environment.get("LABS_GITHUB_DEPLOY_ROLE"))).role().arn();
            List<String> denied = new ArrayList<>();
            for (IamPolicy.Request recorded : DeployRolePolicyTest.everyRequestOfTheWorkflow()) {
                UnaryOperator<String> here = value -> value.replace(FakeEcs.ACCOUNT, account).replace(FakeEcs.REGION, region)
                        .replace("labs-jj", environment.get("LABS_PREFIX"));
                List<ContextEntry> context = recorded.context().entrySet().stream().map(e -> ContextEntry.builder()
                        .contextKeyName(e.getKey()).contextKeyValues(e.getValue().stream().map(here).toList())
                        .contextKeyType(e.getKey().equals("aws:TagKeys") ? ContextKeyTypeEnum.STRING_LIST : ContextKeyTypeEnum.STRING)
                        .build()).toList();
                String resource = here.apply(recorded.resource());
                iam.simulatePrincipalPolicy(r -> r.policySourceArn(roleArn).actionNames(recorded.action())
                        .resourceArns(resource).contextEntries(context)).evaluationResults().stream()
                        .filter(result -> result.evalDecision() != PolicyEvaluationDecisionType.ALLOWED)
                        .forEach(result -> denied.add(recorded.action() + " on " + resource + ": " + result.evalDecisionAsString()));
            }
            assertEquals(List.of(), denied);
        }
    }

    /** A client of the same endpoint, region and credentials as the commands. */
    private <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
        if (environment.containsKey("AWS_ENDPOINT_URL")) {
            builder.endpointOverride(URI.create(environment.get("AWS_ENDPOINT_URL")))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            environment.get("AWS_ACCESS_KEY_ID"), environment.get("AWS_SECRET_ACCESS_KEY"))));
        }
        return builder.region(builder instanceof IamClientBuilder ? Region.AWS_GLOBAL : Region.of(environment.get("AWS_REGION")))
                .build();
    }

    /** Builds and pushes the sample app, or deploys LABS_TEST_IMAGE. */
    private RealJBang.Result deploy(String... extra) throws Exception {
        String image = System.getenv("LABS_TEST_IMAGE");
        if (image != null) {
            String[] args = new String[extra.length + 3];
            args[0] = "deploy";
            args[1] = "--image";
            args[2] = image;
            System.arraycopy(extra, 0, args, 3, extra.length);
            return labs(args);
        }
        RealJBang.Result result = RealJBang.run(environment, sample.app, "deploy@labs");
        assertEquals(0, result.exitCode(), result::toString);
        return result;
    }

    @Test
    @Order(3)
    void deployRollsOutAndPrintsTheUrl() throws Exception {
        RealJBang.Result deployed = deploy();
        assertTrue(deployed.out().trim().matches("http://[0-9.]+:8000/"), deployed::toString);
        firstWebRevision = labs("status", "--json").out().replaceAll("(?s).*?\"revision\":\"([^\"]+)\".*", "$1");
    }

    @Test
    @Order(4)
    void migrateExitsWithTheContainersCode() throws Exception {
        RealJBang.Result result = RealJBang.run(environment, workingDirectory, "migrate@labs", "--command", "sh -c 'exit 3'");
        assertEquals(3, result.exitCode(), result::toString);
    }

    @Test
    @Order(5)
    void ipMatchesTheStatusUrl() throws Exception {
        String ip = labs("ip").out().trim();
        assertTrue(labs("status").out().contains("http://" + ip + ":8000/"));
    }

    @Test
    @Order(6)
    void rollbackAfterASecondDeployReturnsToTheFirstRevision() throws Exception {
        if (sample != null) {
            sample.write("config/version.py", "VERSION = 2\n");
            sample.commit("second");
        }
        deploy("--force");
        labs("rollback");
        assertTrue(labs("status", "--json").out().contains("\"revision\":\"" + firstWebRevision + "\""));
    }

    @Test
    @Order(7)
    void rotateSecretChangesThePasswordAndRestarts() throws Exception {
        RealJBang.Result rotated = labs("rotate-secret", "--database-password", "--yes");
        assertTrue(rotated.out().startsWith("Rotated"), rotated::toString);
    }

    @Test
    @Order(8)
    void teardownLeavesNothingOfThePrefix() throws Exception {
        labs("teardown", "--yes", "--skip-final-snapshot");
        RealJBang.Result plan = labs("provision", "--dry-run");
        assertTrue(plan.out().lines().noneMatch(line -> line.startsWith("exists")), plan::toString);
    }
}
