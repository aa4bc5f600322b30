import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One wrapper per AWS service owns every call to it: an SDK client type appears only in its
 * service's wrapper (and in core/Aws.java, which creates the clients), only wrappers ask Aws for a
 * client, and no wrapper hands its client out. A new service needs a wrapper here first.
 */
class AwsWrappersTest {
    private static final Path SCRIPTS = RealJBang.REPO.resolve("scripts");
    private static final String CLIENT_FACTORY = "lib/core/Aws.java";

    /** SDK client type -> the wrapper that owns it, relative to scripts/. */
    private static final Map<String, String> WRAPPERS = Map.ofEntries(
            Map.entry("software.amazon.awssdk.services.ecs.EcsClient", "lib/service/Ecs.java"),
            Map.entry("software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient", "lib/service/CloudWatchLogs.java"),
            Map.entry("software.amazon.awssdk.services.ec2.Ec2Client", "lib/network/Ec2.java"),
            Map.entry("software.amazon.awssdk.services.rds.RdsClient", "lib/data/Rds.java"),
            Map.entry("software.amazon.awssdk.services.pricing.PricingClient", "lib/cost/Pricing.java"),
            Map.entry("software.amazon.awssdk.services.elasticache.ElastiCacheClient", "lib/data/ElastiCache.java"),
            Map.entry("software.amazon.awssdk.services.ecr.EcrClient", "lib/registry/Ecr.java"),
            Map.entry("software.amazon.awssdk.services.secretsmanager.SecretsManagerClient", "lib/secrets/SecretsManager.java"),
            Map.entry("software.amazon.awssdk.services.iam.IamClient", "lib/stack/Iam.java"),
            Map.entry("software.amazon.awssdk.services.sts.StsClient", "lib/stack/Sts.java"),
            Map.entry("software.amazon.awssdk.services.s3.S3Client", "lib/build/S3.java"),
            Map.entry("software.amazon.awssdk.services.codebuild.CodeBuildClient", "lib/build/CodeBuild.java"),
            Map.entry("software.amazon.awssdk.services.scheduler.SchedulerClient", "lib/sleep/Scheduler.java"));

    /** Any service client of the SDK, imported or written out in full. */
    private static final Pattern ANY_CLIENT = Pattern.compile("software\\.amazon\\.awssdk\\.services\\.\\w+\\.(\\w+Client)\\b");

    @Test
    void everySdkClientIsUsedOnlyInTheWrapperOfItsService() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : javaFiles()) {
            String path = SCRIPTS.relativize(file).toString().replace('\\', '/');
            String source = Files.readString(file);
            Matcher qualified = ANY_CLIENT.matcher(source);
            while (qualified.find()) {
                String owner = WRAPPERS.get(qualified.group());
                if (owner == null) violations.add(path + " uses " + qualified.group() + ", a service with no wrapper");
                else if (!owner.equals(path)) violations.add(path + " uses " + qualified.group() + " (only " + owner + " may)");
            }
            for (Map.Entry<String, String> wrapper : WRAPPERS.entrySet()) {
                String simpleName = wrapper.getKey().substring(wrapper.getKey().lastIndexOf('.') + 1);
                boolean mentioned = Pattern.compile("\\b" + simpleName + "\\b").matcher(source).find();
                if (mentioned && !path.equals(wrapper.getValue()) && !path.equals(CLIENT_FACTORY)) {
                    violations.add(path + " mentions " + simpleName + " (only " + wrapper.getValue() + " may)");
                }
            }
            if (source.contains(".client(") && !WRAPPERS.containsValue(path)) {
                violations.add(path + " asks for a client: only a service's wrapper calls Aws.client");
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void noWrapperHandsOutItsClient() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, String> wrapper : WRAPPERS.entrySet()) {
            String simpleName = wrapper.getKey().substring(wrapper.getKey().lastIndexOf('.') + 1);
            Pattern nonPrivateGetter = Pattern.compile("^\\s+(?!private\\b)(?:static\\s+)?" + simpleName + "\\s+\\w+\\s*\\(",
                    Pattern.MULTILINE);
            if (nonPrivateGetter.matcher(Files.readString(SCRIPTS.resolve(wrapper.getValue()))).find()) {
                violations.add(wrapper.getValue() + " has a non-private method returning " + simpleName);
            }
        }
        assertEquals(List.of(), violations);
    }

    private static List<Path> javaFiles() throws IOException {
        try (Stream<Path> files = Files.walk(SCRIPTS)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}
