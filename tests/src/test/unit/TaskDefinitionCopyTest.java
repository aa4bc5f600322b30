import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** The copy that deploy registers: every writable field carried over, only the app container's image changed. */
class TaskDefinitionCopyTest {
    private static final String REPOSITORY = "labs-jj-commcare-connect";
    private static final List<Tag> TAGS = List.of(Tag.builder().key("managed-by").value("labs").build());

    private static Map<String, SdkField<?>> fields(List<SdkField<?>> fields) {
        return fields.stream().collect(Collectors.toMap(SdkField::memberName, Function.identity()));
    }

    /**
     * A field a newer SDK adds to RegisterTaskDefinition must have its source on the described
     * TaskDefinition (tags excepted: DescribeTaskDefinition returns them beside it), or the copy
     * would silently drop it.
     */
    @Test
    void everyWritableFieldOfTheRegisterRequestIsReadFromTheDescribedTaskDefinition() {
        Map<String, SdkField<?>> described = fields(TaskDefinition.builder().sdkFields());
        for (SdkField<?> writable : RegisterTaskDefinitionRequest.builder().sdkFields()) {
            if (writable.memberName().equals(Revisions.TAGS_FIELD)) continue;
            SdkField<?> source = described.get(writable.memberName());
            assertNotNull(source, "RegisterTaskDefinition has '" + writable.memberName()
                    + "' but TaskDefinition has no field of that name: the copy drops it");
            assertEquals(writable.marshallingType(), source.marshallingType(), writable.memberName());
        }
    }

    @Test
    void aFullyPopulatedRevisionIsCopiedFieldForFieldWithTheNewImage() {
        TaskDefinition live = populated();
        Map<String, SdkField<?>> described = fields(live.sdkFields());
        for (SdkField<?> writable : RegisterTaskDefinitionRequest.builder().sdkFields()) {
            if (writable.memberName().equals(Revisions.TAGS_FIELD)) continue;
            Object value = described.get(writable.memberName()).getValueOrDefault(live);
            assertTrue(value != null && !(value instanceof Collection<?> c && c.isEmpty()),
                    "the test's task definition must set '" + writable.memberName() + "' so that its copy is checked");
        }

        RegisterTaskDefinitionRequest copy = Revisions.withImage(new Revision(live, TAGS), "web", "repo:new");

        for (SdkField<?> writable : copy.sdkFields()) {
            String name = writable.memberName();
            if (name.equals(Revisions.TAGS_FIELD)) {
                assertEquals(TAGS, copy.tags());
            } else if (name.equals("containerDefinitions")) {
                assertEquals(List.of(live.containerDefinitions().get(0).toBuilder().image("repo:new").build(),
                        live.containerDefinitions().get(1)), copy.containerDefinitions());
            } else {
                assertEquals(described.get(name).getValueOrDefault(live), writable.getValueOrDefault(copy), name);
            }
        }
    }

    @Test
    void theHandBuiltDefinitionKeepsSecretsEnvironmentAndLogConfiguration() {
        RegisterTaskDefinitionRequest original = DefaultStack.definition("web", "/start", DefaultStack.OLD_IMAGE);
        DefaultStack stack = DefaultStack.running();
        TaskDefinition live = stack.web;

        RegisterTaskDefinitionRequest copy = Revisions.withImage(new Revision(live, original.tags()), "web", DefaultStack.NEW_IMAGE);

        ContainerDefinition before = original.containerDefinitions().get(0);
        ContainerDefinition after = copy.containerDefinitions().get(0);
        assertEquals(DefaultStack.NEW_IMAGE, after.image());
        assertEquals(before.secrets(), after.secrets());
        assertEquals(before.environment(), after.environment());
        assertEquals(before.logConfiguration(), after.logConfiguration());
        assertEquals(before.toBuilder().image(DefaultStack.NEW_IMAGE).build(), after);
        assertEquals(original.toBuilder().containerDefinitions(after).build(), copy);
    }

    @Test
    void theAppContainerIsTheOneFromTheStacksRepository() {
        TaskDefinition twoContainers = populated();
        assertEquals("web", Revisions.appContainer(twoContainers, REPOSITORY).name());
    }

    @Test
    void anAmbiguousAppContainerIsRefusedWithTheContainersNamed() {
        TaskDefinition ambiguous = populated().toBuilder().containerDefinitions(
                ContainerDefinition.builder().name("a").image("nginx:1").build(),
                ContainerDefinition.builder().name("b").image("redis:7").build()).build();
        LabsException failure = org.junit.jupiter.api.Assertions.assertThrows(LabsException.class,
                () -> Revisions.appContainer(ambiguous, REPOSITORY));
        assertTrue(failure.getMessage().contains("a (nginx:1), b (redis:7)"), failure.getMessage());
        assertFalse(failure.getMessage().contains("\n"));
    }

    /** Every field set, read-only ones included, with an app container and a sidecar. */
    private static TaskDefinition populated() {
        RegisterTaskDefinitionRequest web = DefaultStack.definition("web", "/start", DefaultStack.OLD_IMAGE);
        ContainerDefinition sidecar = ContainerDefinition.builder().name("datadog").image("public.ecr.aws/datadog/agent:7")
                .essential(false).build();
        return TaskDefinition.builder()
                .taskDefinitionArn(FakeEcs.arn("task-definition/labs-jj-web:7")).revision(7).status("ACTIVE")
                .family(web.family()).taskRoleArn(web.taskRoleArn()).executionRoleArn(web.executionRoleArn())
                .networkMode(web.networkMode()).requiresCompatibilities(web.requiresCompatibilities())
                .compatibilitiesWithStrings("EC2", "FARGATE").requiresAttributes(a -> a.name("ecs.capability.secrets.asm.environment-variables"))
                .cpu("512").memory("1024").runtimePlatform(web.runtimePlatform())
                .containerDefinitions(web.containerDefinitions().get(0), sidecar)
                .volumes(v -> v.name("tmp"))
                .placementConstraints(p -> p.type("memberOf").expression("attribute:ecs.availability-zone in [eu-west-1a]"))
                .pidMode("task").ipcMode("none")
                .proxyConfiguration(p -> p.type("APPMESH").containerName("envoy"))
                .inferenceAccelerators(i -> i.deviceName("device1").deviceType("eia2.medium"))
                .ephemeralStorage(e -> e.sizeInGiB(30))
                .enableFaultInjection(true)
                .registeredAt(Instant.parse("2026-11-20T10:00:00Z")).registeredBy("arn:aws:iam::123456789012:role/deployer")
                .build();
    }
}
