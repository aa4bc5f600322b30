import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.codebuild.model.EnvironmentType;
import software.amazon.awssdk.services.codebuild.model.Project;

/** provision's and teardown's decisions about the remote builder, without AWS. */
class RemoteBuilderTest {
    private final Names names = new Names("labs-jj", "commcare-connect", "github-actions-labs-deploy");
    private final RemoteBuilder.Wanted wanted = RemoteBuilder.Wanted.of(names, "eu-west-1", "123456789012", "linux/amd64", null);
    private static final String BUCKET = "labs-jj-build-sources-123456789012-eu-west-1";

    private Observed.Role role(String prefixTag, String trust, String permissions) {
        return new Observed.Role("labs-jj-codebuild-role", "arn:aws:iam::123456789012:role/labs-jj-codebuild-role", trust, Set.of(),
                permissions == null ? Map.of() : Map.of("labs-jj-codebuild", permissions), prefixTag);
    }

    private static Project project(EnvironmentType type, boolean privileged) {
        return Project.builder().name("labs-jj-build").environment(e -> e.type(type).privilegedMode(privileged)).build();
    }

    private Map<Kind, Step> plan(RemoteBuilder.Seen seen) {
        Map<Kind, Step> steps = new java.util.LinkedHashMap<>();
        RemoteBuilder.plan(names, seen, 14, wanted).forEach(s -> steps.put(s.kind(), s));
        return steps;
    }

    @Test
    void nothingThereMeansFourCreationsInOrder() {
        List<Step> steps = RemoteBuilder.plan(names, new RemoteBuilder.Seen(BUCKET, false, null, null, null, null), 14, wanted);
        assertEquals(List.of(Kind.BUILD_BUCKET, Kind.BUILD_LOGS, Kind.BUILD_ROLE, Kind.BUILD_PROJECT), steps.stream().map(Step::kind).toList());
        assertTrue(steps.stream().allMatch(s -> s.action() == Action.CREATE));
        assertTrue(steps.get(3).line().contains("Linux small, privileged for Docker, logs to /codebuild/labs-jj-build"), steps.get(3)::line);
    }

    @Test
    void anInterruptedBucketGetsItsMissingSettings() {
        Map<Kind, Step> steps = plan(new RemoteBuilder.Seen(BUCKET, true, new S3.BucketSettings(true, true, false, false),
                new Observed.LogGroup("/codebuild/labs-jj-build", 14, true), role("labs-jj", wanted.trust(), wanted.permissions()),
                project(EnvironmentType.LINUX_CONTAINER, true)));
        assertEquals(Action.UPDATE, steps.get(Kind.BUILD_BUCKET).action());
        assertEquals(List.of("expire objects after 1 day", "tag it"), steps.get(Kind.BUILD_BUCKET).notes());
        assertEquals(Action.EXISTS, steps.get(Kind.BUILD_LOGS).action());
        assertEquals(Action.EXISTS, steps.get(Kind.BUILD_ROLE).action());
        assertEquals(Action.EXISTS, steps.get(Kind.BUILD_PROJECT).action());
    }

    @Test
    void aRoleBuiltByHandIsReportedAndOursIsFixed() {
        RemoteBuilder.Seen byHand = new RemoteBuilder.Seen(BUCKET, false, null, null, role(null, "{}", null), null);
        assertEquals(Action.DIFFERS, plan(byHand).get(Kind.BUILD_ROLE).action());
        RemoteBuilder.Seen ours = new RemoteBuilder.Seen(BUCKET, false, null, null, role("labs-jj", wanted.trust(), "{}"), null);
        assertEquals(List.of("set its permissions"), plan(ours).get(Kind.BUILD_ROLE).notes());
        assertEquals(Action.UPDATE, plan(ours).get(Kind.BUILD_ROLE).action());
    }

    @Test
    void aProjectThatCannotRunDockerOrHasTheWrongArchitectureIsReported() {
        Step step = plan(new RemoteBuilder.Seen(BUCKET, false, null, null, null, project(EnvironmentType.ARM_CONTAINER, false)))
                .get(Kind.BUILD_PROJECT);
        assertEquals(Action.DIFFERS, step.action());
        assertEquals(2, step.notes().size(), step::line);
    }

    @Test
    void teardownDeletesTheProjectFirstAndKeepsARoleBuiltByHand() {
        List<Step> steps = RemoteBuilder.teardown(names, new RemoteBuilder.Seen(BUCKET, true, null,
                new Observed.LogGroup("/codebuild/labs-jj-build", 14, true), role(null, "{}", null), project(EnvironmentType.LINUX_CONTAINER, true)));
        assertEquals(List.of("BUILD_PROJECT delete", "BUILD_ROLE keep", "BUILD_LOGS delete", "BUILD_BUCKET delete"),
                steps.stream().map(s -> s.kind() + " " + s.action().word).toList());
    }

    @Test
    void aDockerHubSecretNamedWithoutItsArnIsMatchedWithSecretsManagersSuffix() {
        RemoteBuilder.Wanted withSecret = RemoteBuilder.Wanted.of(names, "eu-west-1", "123456789012", "linux/amd64", "labs-jj-dockerhub");
        assertTrue(withSecret.permissions().contains("arn:aws:secretsmanager:eu-west-1:123456789012:secret:labs-jj-dockerhub-??????"),
                withSecret.permissions());
    }
}
