import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IAM documents of the remote builder, least privilege on this stack's resources only: the
 * CodeBuild service role (its own log group, reading the sources bucket, pushing to and pulling from
 * the app's repository, and ecr:GetAuthorizationToken, which only accepts "*"), and what the GitHub
 * deploy role needs to run a build (upload the context, start, watch and stop the build, read its
 * log). Pure functions of names, partition, region and account.
 */
final class BuildPolicies {
    static final String CODEBUILD = "codebuild.amazonaws.com";

    private BuildPolicies() {
    }

    /** ARNs of the builder's resources. */
    record Arns(String partition, String region, String account, Names names) {
        static Arns of(Names names, String region, String account) {
            String partition = region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
            return new Arns(partition, region, account, names);
        }

        String bucket() { return "arn:" + partition + ":s3:::" + names.buildSourcesBucket(account, region); }

        String sources() { return bucket() + "/sources/*"; }

        String project() { return "arn:" + partition + ":codebuild:" + region + ":" + account + ":project/" + names.buildProject(); }

        String logGroup() { return "arn:" + partition + ":logs:" + region + ":" + account + ":log-group:" + names.buildLogGroup(); }

        String logStreams() { return logGroup() + ":log-stream:*"; }

        String repository() {
            return "arn:" + partition + ":ecr:" + region + ":" + account + ":repository/" + names.ecrRepository();
        }
    }

    /** Only CodeBuild may assume the service role, and only for this account's project (confused-deputy guard). */
    static String serviceRoleTrust(Arns arns) {
        Map<String, Object> statement = statement(null, List.of("sts:AssumeRole"), null);
        statement.put("Principal", Map.of("Service", CODEBUILD));
        statement.put("Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", arns.account()),
                "ArnLike", Map.of("aws:SourceArn", arns.project())));
        return document(List.of(statement));
    }

    /**
     * The service role: its log group, the uploaded sources, the app's repository (the image and its
     * buildcache tag), and the Docker Hub secret when one is configured (CodeBuild reads it itself).
     */
    static String serviceRolePermissions(Arns arns, String dockerHubSecretArn) {
        List<Map<String, Object>> statements = new ArrayList<>();
        statements.add(statement("WriteItsLog", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                List.of(arns.logGroup(), arns.logGroup() + ":*")));
        statements.add(statement("ReadTheUploadedSources", List.of("s3:GetObject", "s3:GetObjectVersion"), List.of(arns.sources())));
        statements.add(statement("LogInToEcr", List.of("ecr:GetAuthorizationToken"), List.of("*")));
        statements.add(statement("PushAndPullTheAppsImages", List.of("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage",
                "ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload",
                "ecr:PutImage"), List.of(arns.repository())));
        if (dockerHubSecretArn != null) {
            statements.add(statement("ReadTheDockerHubCredentials", List.of("secretsmanager:GetSecretValue"), List.of(dockerHubSecretArn)));
        }
        return document(statements);
    }

    /**
     * What the deploy role adds for the codebuild builder (GitHub's container jobs have no Docker).
     * deploy asks HeadObject whether this context was uploaded before; without s3:ListBucket on the
     * bucket S3 answers a missing object with 403, not 404, and the first upload would fail as access
     * denied (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html, "Permissions").
     */
    static List<Map<String, Object>> deployRoleStatements(Arns arns) {
        return List.of(
                statement("UploadTheBuildContext", List.of("s3:PutObject", "s3:GetObject"), List.of(arns.sources())),
                statement("TellAMissingUploadFromADeniedOne", List.of("s3:ListBucket"), List.of(arns.bucket())),
                statement("RunTheRemoteBuild", List.of("codebuild:BatchGetProjects", "codebuild:StartBuild",
                        "codebuild:BatchGetBuilds", "codebuild:StopBuild"), List.of(arns.project())),
                statement("ReadTheBuildLog", List.of("logs:GetLogEvents"), List.of(arns.logStreams())));
    }

    private static Map<String, Object> statement(String sid, List<String> actions, List<String> resources) {
        Map<String, Object> statement = new LinkedHashMap<>();
        if (sid != null) statement.put("Sid", sid);
        statement.put("Effect", "Allow");
        statement.put("Action", actions);
        if (resources != null) statement.put("Resource", resources);
        return statement;
    }

    private static String document(List<Map<String, Object>> statements) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("Version", "2012-10-17");
        document.put("Statement", statements);
        return Json.write(document);
    }
}
