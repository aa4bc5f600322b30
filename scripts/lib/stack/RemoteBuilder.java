import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.codebuild.model.EnvironmentType;
import software.amazon.awssdk.services.codebuild.model.InvalidInputException;
import software.amazon.awssdk.services.codebuild.model.Project;

/**
 * provision's and teardown's part for the codebuild builder: the sources bucket, the build's log
 * group, the project's service role and the project itself. Planned as steps of the stack's plan,
 * created after everything else, deleted the same way.
 */
final class RemoteBuilder {
    /** A role IAM has just created may not be assumable yet; CodeBuild then refuses the project. */
    static final Duration ROLE_PROPAGATION = Duration.ofSeconds(90);

    /** What exists of the builder: null for a missing part. */
    record Seen(String bucket, boolean bucketExists, S3.BucketSettings bucketSettings, Observed.LogGroup logGroup, Observed.Role role,
            Project project) {
    }

    private final LabsOptions labs;
    private final Names names;
    private final S3 s3;
    private final CodeBuild codeBuild;
    private final CloudWatchLogs logs;
    private final Iam iam;

    RemoteBuilder(LabsOptions labs, Iam iam) {
        this.labs = labs;
        this.names = labs.names();
        this.s3 = new S3(labs);
        this.codeBuild = new CodeBuild(labs);
        this.logs = new CloudWatchLogs(labs);
        this.iam = iam;
    }

    Seen observe(String account, String region) {
        String bucket = names.buildSourcesBucket(account, region);
        boolean exists = s3.bucketExists(bucket);
        return new Seen(bucket, exists, exists ? s3.settings(bucket) : null, logs.findGroupNamed(names.buildLogGroup()),
                iam.findRole(names.buildRole()), codeBuild.project(names.buildProject()).orElse(null));
    }

    /** The documents the service role must have. */
    record Wanted(String trust, String permissions, String platform) {
        static Wanted of(Names names, String region, String account, String platform, String dockerHubSecret) {
            BuildPolicies.Arns arns = BuildPolicies.Arns.of(names, region, account);
            return new Wanted(BuildPolicies.serviceRoleTrust(arns),
                    BuildPolicies.serviceRolePermissions(arns, secretArn(arns, dockerHubSecret)), platform);
        }

        /** A secret named without its ARN: Secrets Manager appends six random characters to the name. */
        private static String secretArn(BuildPolicies.Arns arns, String secret) {
            if (secret == null || secret.startsWith("arn:")) return secret;
            return "arn:" + arns.partition() + ":secretsmanager:" + arns.region() + ":" + arns.account() + ":secret:" + secret + "-??????";
        }
    }

    /** The role's documents and the project's platform, from the settings. */
    Wanted wanted(String account, String region) {
        return Wanted.of(names, region, account, labs.config().get(Setting.IMAGE_PLATFORM),
                labs.config().get(Setting.IMAGE_DOCKERHUB_SECRET));
    }

    /** Pure: the builder's steps, in creation order. */
    static List<Step> plan(Names names, Seen seen, int retentionDays, Wanted wanted) {
        List<Step> steps = new ArrayList<>();
        steps.add(bucket(seen));
        steps.add(logGroup(names, seen.logGroup(), retentionDays));
        steps.add(role(names, seen.role(), wanted));
        steps.add(project(names, seen.project(), wanted.platform()));
        return steps;
    }

    /** A bucket whose settings are incomplete (an interrupted provision, say) gets them again. */
    private static Step bucket(Seen seen) {
        if (!seen.bucketExists()) {
            return new Step(Kind.BUILD_BUCKET, seen.bucket(), Action.CREATE, List.of("build sources: private, SSE-S3, public access"
                    + " blocked, objects expire after " + BuildProject.SOURCES_EXPIRE_DAYS + " day"));
        }
        S3.BucketSettings settings = seen.bucketSettings();
        if (settings.complete()) return new Step(Kind.BUILD_BUCKET, seen.bucket(), Action.EXISTS, List.of());
        List<String> fixes = new ArrayList<>();
        if (!settings.publicAccessBlocked()) fixes.add("block public access");
        if (!settings.encrypted()) fixes.add("encrypt by default");
        if (!settings.expires()) fixes.add("expire objects after " + BuildProject.SOURCES_EXPIRE_DAYS + " day");
        if (!settings.tagged()) fixes.add("tag it");
        return new Step(Kind.BUILD_BUCKET, seen.bucket(), Action.UPDATE, fixes);
    }

    private static Step logGroup(Names names, Observed.LogGroup group, int days) {
        if (group == null) return new Step(Kind.BUILD_LOGS, names.buildLogGroup(), Action.CREATE, List.of("retention " + days + " days"));
        if (group.retentionDays() != null && group.retentionDays() == days) return new Step(Kind.BUILD_LOGS, group.name(), Action.EXISTS, List.of());
        String note = "retention " + days + " days (now " + (group.retentionDays() == null ? "never expires" : group.retentionDays() + " days") + ")";
        return new Step(Kind.BUILD_LOGS, group.name(), group.managed() ? Action.UPDATE : Action.DIFFERS, List.of(note));
    }

    private static Step role(Names names, Observed.Role role, Wanted wanted) {
        if (role == null) {
            return new Step(Kind.BUILD_ROLE, names.buildRole(), Action.CREATE, List.of("trusts CodeBuild for " + names.buildProject()
                    + "; its log group, the build sources, push and pull of " + names.ecrRepository()));
        }
        List<String> fixes = new ArrayList<>();
        if (!Policies.same(role.trustPolicy(), wanted.trust())) fixes.add("trust only CodeBuild for " + names.buildProject());
        if (!Policies.same(role.inlinePolicies().get(names.buildPolicy()), wanted.permissions())) fixes.add("set its permissions");
        if (fixes.isEmpty()) return new Step(Kind.BUILD_ROLE, names.buildRole(), Action.EXISTS, List.of());
        boolean managed = names.prefix().equals(role.prefixTag());
        return new Step(Kind.BUILD_ROLE, names.buildRole(), managed ? Action.UPDATE : Action.DIFFERS, fixes);
    }

    private static Step project(Names names, Project project, String platform) {
        boolean arm = "linux/arm64".equals(platform);
        if (project == null) {
            return new Step(Kind.BUILD_PROJECT, names.buildProject(), Action.CREATE, List.of((arm ? "ARM" : "Linux")
                    + " small, privileged for Docker, logs to " + names.buildLogGroup()));
        }
        List<String> differences = new ArrayList<>();
        EnvironmentType type = project.environment() == null ? null : project.environment().type();
        if (type != (arm ? EnvironmentType.ARM_CONTAINER : EnvironmentType.LINUX_CONTAINER)) {
            differences.add("environment " + type + ", labs.image.platform " + platform + " wants "
                    + (arm ? EnvironmentType.ARM_CONTAINER : EnvironmentType.LINUX_CONTAINER));
        }
        if (project.environment() == null || !Boolean.TRUE.equals(project.environment().privilegedMode())) {
            differences.add("not privileged: Docker cannot run in it");
        }
        return new Step(Kind.BUILD_PROJECT, names.buildProject(), differences.isEmpty() ? Action.EXISTS : Action.DIFFERS, differences);
    }

    /** Carries out the builder's steps of a provision plan. */
    void apply(Plan plan, Seen seen, int retentionDays, Wanted wanted, String region) {
        if (plan.does(Kind.BUILD_BUCKET, Action.CREATE)) s3.createBucket(seen.bucket(), region);
        if (plan.does(Kind.BUILD_BUCKET, Action.UPDATE)) s3.configureBucket(seen.bucket());
        if (plan.does(Kind.BUILD_LOGS, Action.CREATE)) logs.createGroupNamed(names.buildLogGroup());
        if (plan.changes(Kind.BUILD_LOGS)) logs.putRetentionNamed(names.buildLogGroup(), retentionDays);
        String roleArn = seen.role() == null ? null : seen.role().arn();
        if (plan.does(Kind.BUILD_ROLE, Action.CREATE)) {
            roleArn = iam.createRole(names.buildRole(), wanted.trust(), "CodeBuild service role of " + names.buildProject());
        } else if (plan.does(Kind.BUILD_ROLE, Action.UPDATE)) {
            iam.updateTrust(names.buildRole(), wanted.trust());
        }
        if (plan.changes(Kind.BUILD_ROLE)) iam.putPolicy(names.buildRole(), names.buildPolicy(), wanted.permissions());
        if (plan.does(Kind.BUILD_PROJECT, Action.CREATE)) createProject(wanted.platform(), roleArn);
    }

    /** IAM is eventually consistent: a just-created role may not be assumable for some seconds. */
    private void createProject(String platform, String roleArn) {
        Instant start = labs.ticker().now();
        while (true) {
            try {
                codeBuild.createProject(BuildProject.create(names, platform, roleArn));
                labs.console().detail("  created CodeBuild project " + names.buildProject());
                return;
            } catch (InvalidInputException e) {
                boolean roleNotReady = String.valueOf(e.getMessage()).contains("not authorized to perform: sts:AssumeRole");
                if (!roleNotReady || Duration.between(start, labs.ticker().now()).compareTo(ROLE_PROPAGATION) >= 0) throw e;
                labs.ticker().sleep(Duration.ofSeconds(5));
            }
        }
    }

    /** Pure: what teardown deletes, project first; a role built by hand stays. */
    static List<Step> teardown(Names names, Seen seen) {
        List<Step> steps = new ArrayList<>();
        if (seen.project() != null) steps.add(new Step(Kind.BUILD_PROJECT, names.buildProject(), Action.DELETE, List.of()));
        if (seen.role() != null) {
            boolean managed = names.prefix().equals(seen.role().prefixTag());
            steps.add(new Step(Kind.BUILD_ROLE, names.buildRole(), managed ? Action.DELETE : Action.KEEP,
                    managed ? List.of() : List.of("not tagged by labs for this prefix")));
        }
        if (seen.logGroup() != null) steps.add(new Step(Kind.BUILD_LOGS, names.buildLogGroup(), Action.DELETE, List.of()));
        if (seen.bucketExists()) steps.add(new Step(Kind.BUILD_BUCKET, seen.bucket(), Action.DELETE, List.of("with the uploaded sources")));
        return steps;
    }

    /** Deletes one of the builder's resources (teardown goes through its plan step by step). */
    void delete(Kind kind, String account) {
        switch (kind) {
            case BUILD_PROJECT -> codeBuild.deleteProject(names.buildProject());
            case BUILD_ROLE -> iam.deleteRole(names.buildRole());
            case BUILD_LOGS -> logs.deleteGroupNamed(names.buildLogGroup());
            case BUILD_BUCKET -> s3.deleteBucket(names.buildSourcesBucket(account, labs.aws().region().id()));
            default -> throw new IllegalArgumentException(kind + " is not the remote builder's");
        }
    }
}
