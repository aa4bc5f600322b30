import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one place that derives resource names from the prefix and the app name. With the defaults
 * they are exactly the names of the hand-built stack, which labs adopts as it is.
 */
record Names(String prefix, String app, String githubDeployRole) {

    /** Host of GitHub Actions' OIDC provider: one per account, shared by every stack, never deleted. */
    static final String GITHUB_OIDC_PROVIDER = "token.actions.githubusercontent.com";

    /** The tag that tells which stack a resource belongs to. */
    static final String PREFIX_TAG = "labs:prefix";

    /** Lowercase letters, digits and single hyphens, starting with a letter: what RDS and ElastiCache accept. */
    private static final Pattern WORD = Pattern.compile("[a-z](-?[a-z0-9])*");

    /** A name and the maximum length its resource type allows, per the AWS API references. */
    record Limited(String resource, String name, int maxLength, boolean includesApp) {
        Limited(String resource, String name, int maxLength) {
            this(resource, name, maxLength, false);
        }
    }

    static Names of(Resolved prefix, Resolved app, String githubDeployRole) {
        checkWord("prefix", prefix);
        checkWord("app", app);
        Names names = new Names(prefix.value(), app.value(), githubDeployRole);
        names.checkLengths(prefix, app);
        return names;
    }

    private static void checkWord(String what, Resolved value) {
        if (value.value() == null || !WORD.matcher(value.value()).matches()) {
            throw LabsException.usage("Invalid " + what + " '" + value.value() + "' (from " + value.source()
                    + "): use lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen");
        }
    }

    /** Reports the tightest limit exceeded, so that one fix satisfies every resource. */
    private void checkLengths(Resolved prefixSource, Resolved appSource) {
        limitedNames().stream()
                .filter(limited -> limited.name().length() > limited.maxLength())
                .max(java.util.Comparator.comparingInt(limited -> limited.name().length() - limited.maxLength()))
                .ifPresent(limited -> {
                    Resolved culprit = limited.includesApp() ? appSource : prefixSource;
                    String setting = limited.includesApp() ? "app" : "prefix";
                    int excess = limited.name().length() - limited.maxLength();
                    throw LabsException.usage("The " + setting + " '" + culprit.value() + "' (from " + culprit.source()
                            + ") is too long: the " + limited.resource() + " '" + limited.name() + "' would have "
                            + limited.name().length() + " characters, the limit is " + limited.maxLength()
                            + " (shorten the " + setting + " to at most " + (culprit.value().length() - excess)
                            + " characters)");
                });
    }

    /** Every prefix-derived name with the length limit of its resource type. */
    List<Limited> limitedNames() {
        return List.of(
                new Limited("RDS instance identifier", dbInstance(), 63),
                new Limited("ElastiCache cluster id", cacheCluster(), 50),
                new Limited("IAM role name", executionRole(), 64),
                new Limited("IAM role name", taskRole(), 64),
                new Limited("IAM role name", schedulerRole(), 64),
                new Limited("EventBridge schedule name", schedule("worker-sleep"), 64),
                new Limited("ECR repository name", ecrRepository(), 256, true),
                new Limited("ECS cluster name", cluster(), 255),
                new Limited("RDS DB subnet group name", dbSubnetGroup(), 255),
                new Limited("ElastiCache subnet group name", cacheSubnetGroup(), 255),
                new Limited("RDS snapshot identifier", finalSnapshot("20991231-2359"), 255),
                new Limited("Secrets Manager secret name", databaseUrlSecret(), 512),
                new Limited("CloudWatch log group name", logGroup(AppService.WORKER), 512),
                new Limited("EC2 Name tag", publicSubnet(2), 256),
                new Limited("EventBridge schedule name", databaseStopSchedule(), 64),
                new Limited("IAM role name", schedulerRole(), 64));
    }

    String vpc() { return prefix + "-vpc"; }

    String publicSubnet(int number) { return prefix + "-public-subnet-" + number; }

    String securityGroup() { return prefix + "-sg"; }

    String internetGateway() { return prefix + "-igw"; }

    String routeTable() { return prefix + "-public-rt"; }

    String dbSubnetGroup() { return prefix + "-db-subnet-group"; }

    String cacheSubnetGroup() { return prefix + "-cache-subnet-group"; }

    String dbInstance() { return prefix + "-postgres"; }

    String finalSnapshot(String timestamp) { return prefix + "-postgres-final-" + timestamp; }

    String cacheCluster() { return prefix + "-redis"; }

    String ecrRepository() { return prefix + "-" + app; }

    String cluster() { return prefix + "-cluster"; }

    /** ECS service and task-definition family of one of the app's services. */
    String service(AppService service) { return prefix + "-" + service.id; }

    String taskFamily(AppService service) { return service(service); }

    String logGroup(AppService service) { return "/ecs/" + service(service); }

    String executionRole() { return prefix + "-ecs-task-execution-role"; }

    String taskRole() { return prefix + "-ecs-task-role"; }

    String djangoSecretKeySecret() { return prefix + "-django-secret-key"; }

    String databaseUrlSecret() { return prefix + "-database-url"; }

    /** REDIS_URL and CELERY_BROKER_URL of a Redis with TLS and AUTH: the URL holds the AUTH token. */
    String redisUrlSecret() { return prefix + "-redis-url"; }

    /** The secrets labs itself keeps (each billed by Secrets Manager). */
    List<String> stackSecrets() { return List.of(djangoSecretKeySecret(), databaseUrlSecret(), redisUrlSecret()); }

    /** The app's own secrets (config set --secret): one JSON object, one key per variable. */
    String appSecrets() { return prefix + "-app-secrets"; }

    /** Inline policy of the execution role: read the stack's secrets, nothing else. */
    String readSecretsPolicy() { return prefix + "-read-secrets"; }

    /** Inline policy of the GitHub deploy role. */
    String deployPolicy() { return prefix + "-deploy"; }

    /** The CodeBuild project that builds the app's Dockerfile when there is no Docker daemon. */
    String buildProject() { return prefix + "-build"; }

    String buildLogGroup() { return "/codebuild/" + buildProject(); }

    String buildRole() { return prefix + "-codebuild-role"; }

    /** Inline policy of the CodeBuild service role. */
    String buildPolicy() { return prefix + "-codebuild"; }

    /** Bucket names are global across accounts: the account and region make the build-sources bucket's unique. */
    String buildSourcesBucket(String account, String region) { return prefix + "-build-sources-" + account + "-" + region; }

    /** EventBridge Scheduler group of the office-hours schedules: the prefix, as unique as the stack. */
    String scheduleGroup() { return prefix; }

    /** One office-hours schedule (db-start, web-wake, ...), in the schedule group. */
    String schedule(String job) { return prefix + "-" + job; }

    /** The role EventBridge Scheduler assumes to wake and sleep the stack. */
    String schedulerRole() { return prefix + "-scheduler-role"; }

    /** Inline policy of the scheduler role. */
    String schedulerPolicy() { return prefix + "-scheduler"; }

    /** The daily schedule that sleep makes, so that RDS does not stay started after its 7-day limit. */
    String databaseStopSchedule() { return prefix + "-stop-database"; }

    /** The role that schedule runs as: it may stop this environment's database and nothing else. */
    String sleepRole() { return prefix + "-sleep-role"; }

    /** Inline policy of the sleep role. */
    String sleepPolicy() { return prefix + "-stop-database"; }

    /** PostgreSQL database name: the app name with underscores, as PostgreSQL identifiers take no hyphens. */
    String databaseName() { return app.replace('-', '_'); }

    String databaseUser() { return "labs"; }

    /** Container name inside a task definition; awslogs streams are PREFIX/CONTAINER/TASK. */
    String container(AppService service) { return service.id; }

    String logStreamPrefix() { return "ecs"; }

    /** Tags on everything labs creates, so that another prefix in the same account is never touched. */
    Map<String, String> tags() {
        return Map.of(PREFIX_TAG, prefix, "managed-by", "labs");
    }

    /** Whether a resource tag says labs made the resource for this prefix. */
    boolean isOwnTag(String key, String value) {
        return PREFIX_TAG.equals(key) && prefix.equals(value);
    }
}
