import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RuntimePlatform;

/**
 * labs.image.platform=linux/arm64: the task definitions ask Fargate for ARM64 (Graviton), and
 * deploy refuses an image that lacks the platform, read from its manifest in ECR.
 */
class GravitonTest {
    private static final String REPOSITORY = DefaultStack.REPOSITORY;
    private static final RuntimePlatform ARM64 = RuntimePlatform.builder().cpuArchitecture("ARM64").operatingSystemFamily("LINUX").build();
    private static final RuntimePlatform X86_64 = RuntimePlatform.builder().cpuArchitecture("X86_64").operatingSystemFamily("LINUX").build();

    private final DefaultStack stack = DefaultStack.running();
    private final WebStub web = stack.serveWeb();

    @AfterEach
    void stopWeb() {
        web.close();
    }

    private Cli arm64() {
        return stack.cli().env("LABS_IMAGE_PLATFORM", "linux/arm64");
    }

    @Test
    void provisionRegistersTaskDefinitionsForThePlatform() {
        FakeAccount account = new FakeAccount();
        Cli.Result result = account.cli().env("LABS_IMAGE_PLATFORM", "linux/arm64").run(new Provision());
        assertEquals(0, result.exitCode(), result::toString);
        result.assertOutContains("create   task definition    labs-jj-web: command /start, 0.5 vCPU, 1 GiB, Linux/ARM64");
        assertEquals(List.of(ARM64, ARM64), account.ecs.registered.stream().map(RegisterTaskDefinitionRequest::runtimePlatform).toList());

        FakeAccount amd64 = new FakeAccount();
        assertEquals(0, amd64.provision().exitCode());
        assertEquals(List.of(X86_64, X86_64), amd64.ecs.registered.stream().map(RegisterTaskDefinitionRequest::runtimePlatform).toList());
    }

    @Test
    void deployOfAnArm64ImageRegistersArm64Revisions() {
        stack.ecr.platforms(REPOSITORY, "def5678", "linux/arm64");

        Cli.Result result = arm64().run(new Deploy(), "--image", "def5678");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of(ARM64, ARM64), stack.ecs.registered.stream().map(RegisterTaskDefinitionRequest::runtimePlatform).toList());
        result.assertErrContains(DefaultStack.NEW_IMAGE + " has the platform linux/arm64");
    }

    @Test
    void theDryRunShowsThePlatformChange() {
        Cli.Result result = arm64().run(new Deploy(), "--image", "def5678", "--dry-run", "--services", "web");
        assertEquals(0, result.exitCode(), result::toString);
        result.assertOutContains("runtime platform X86_64 -> ARM64");
    }

    @Test
    void anAmd64ImageIsRefusedForArm64InOneLineBeforeAnythingChanges() {
        Cli.Result result = arm64().run(new Deploy(), "--image", "def5678");

        assertEquals(2, result.exitCode(), result::toString);
        String error = result.err().lines().filter(l -> l.startsWith("error: ")).findFirst().orElseThrow();
        assertEquals("error: The image " + DefaultStack.NEW_IMAGE + " is built for linux/amd64, not for linux/arm64"
                + " (labs.image.platform): Fargate would start no task of it. Build it for linux/arm64, or set labs.image.platform"
                + " to the image's platform", error);
        assertTrue(stack.ecs.registered.isEmpty() && stack.ecs.updates.isEmpty(), "nothing registered or updated");
        assertTrue(result.err().lines().noneMatch(l -> l.contains("X-Amz-Signature")), "the pre-signed URL stays unsaid");
    }

    @Test
    void anArm64ImageIsRefusedForTheDefaultAmd64() {
        stack.ecr.platforms(REPOSITORY, "def5678", "linux/arm64");
        Cli.Result result = stack.cli().run(new Deploy(), "--image", "def5678");
        assertEquals(2, result.exitCode(), result::toString);
        result.assertErrContains("is built for linux/arm64, not for linux/amd64");
    }

    @Test
    void aMultiPlatformImageRunsOnEitherAndItsAttestationsAreNoPlatform() {
        stack.ecr.platforms(REPOSITORY, "def5678", "linux/amd64", "linux/arm64", "unknown/unknown");
        assertEquals(0, arm64().run(new Deploy(), "--image", "def5678").exitCode());

        stack.ecr.platforms(REPOSITORY, "def5678", "linux/amd64", "unknown/unknown");
        Cli.Result result = arm64().run(new Deploy(), "--image", "def5678", "--force");
        assertEquals(2, result.exitCode(), result::toString);
        result.assertErrContains("is built for linux/amd64, not for linux/arm64");
    }

    @Test
    void anUnknownPlatformIsAUsageError() {
        Cli.Result result = stack.cli().env("LABS_IMAGE_PLATFORM", "linux/riscv64").run(new Deploy(), "--image", "def5678");
        assertEquals(2, result.exitCode(), result::toString);
        result.assertErrContains("labs.image.platform must be linux/amd64 or linux/arm64, got 'linux/riscv64' from LABS_IMAGE_PLATFORM");
        assertTrue(stack.ecs.registered.isEmpty());
    }
}
