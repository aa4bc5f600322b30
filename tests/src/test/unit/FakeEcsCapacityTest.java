import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ResourceInUseException;

/** The capacity-provider rules of the ECS API reference that provision relies on, in the fake. */
class FakeEcsCapacityTest {
    private static final String CLUSTER = "labs-jj-cluster";
    private static final CapacityProviderStrategyItem SPOT = CapacityProviderStrategyItem.builder().capacityProvider("FARGATE_SPOT")
            .weight(1).build();
    private final DefaultStack stack = DefaultStack.running();
    private final FakeEcs ecs = stack.ecs;

    @Test
    void aStrategyMayNameOnlyProvidersOfTheCluster() {
        InvalidParameterException refused = assertThrows(InvalidParameterException.class, () -> ecs.updateService(r -> r
                .cluster(CLUSTER).service("labs-jj-web").capacityProviderStrategy(SPOT).forceNewDeployment(true)));
        assertTrue(refused.getMessage().contains("not associated with the cluster"), refused::getMessage);
        assertThrows(InvalidParameterException.class, () -> ecs.runTask(r -> r.cluster(CLUSTER)
                .taskDefinition(stack.web.taskDefinitionArn()).capacityProviderStrategy(SPOT)));
    }

    @Test
    void aLaunchTypeAndAStrategyTogetherAreRefused() {
        ecs.putClusterCapacityProviders(r -> r.cluster(CLUSTER).capacityProviders("FARGATE", "FARGATE_SPOT")
                .defaultCapacityProviderStrategy(List.of()));
        InvalidParameterException refused = assertThrows(InvalidParameterException.class, () -> ecs.runTask(r -> r.cluster(CLUSTER)
                .taskDefinition(stack.web.taskDefinitionArn()).launchType("FARGATE").capacityProviderStrategy(SPOT)));
        assertTrue(refused.getMessage().startsWith("Specifying both a launch type and capacity provider strategy"), refused::getMessage);
    }

    @Test
    void aServiceChangesItsStrategyOnlyWithANewDeployment() {
        ecs.putClusterCapacityProviders(r -> r.cluster(CLUSTER).capacityProviders("FARGATE", "FARGATE_SPOT")
                .defaultCapacityProviderStrategy(List.of()));
        InvalidParameterException refused = assertThrows(InvalidParameterException.class, () -> ecs.updateService(r -> r
                .cluster(CLUSTER).service("labs-jj-web").capacityProviderStrategy(SPOT)));
        assertTrue(refused.getMessage().contains("you must force a new deployment"), refused::getMessage);
        assertEquals("FARGATE", stack.service("web").launchTypeAsString());

        ecs.updateService(r -> r.cluster(CLUSTER).service("labs-jj-web").capacityProviderStrategy(SPOT).forceNewDeployment(true));
        assertEquals(List.of(SPOT), stack.service("web").capacityProviderStrategy());
        assertEquals(null, stack.service("web").launchType());
    }

    @Test
    void aProviderInUseCannotLeaveTheClusterAndOnlyFargateProvidersComeWithoutCreating() {
        ecs.putClusterCapacityProviders(r -> r.cluster(CLUSTER).capacityProviders("FARGATE", "FARGATE_SPOT")
                .defaultCapacityProviderStrategy(List.of()));
        ecs.updateService(r -> r.cluster(CLUSTER).service("labs-jj-web").capacityProviderStrategy(SPOT).forceNewDeployment(true));
        assertThrows(ResourceInUseException.class, () -> ecs.putClusterCapacityProviders(r -> r.cluster(CLUSTER)
                .capacityProviders("FARGATE").defaultCapacityProviderStrategy(List.of())));
        assertThrows(InvalidParameterException.class, () -> ecs.putClusterCapacityProviders(r -> r.cluster(CLUSTER)
                .capacityProviders("FARGATE", "FARGATE_SPOT", "my-asg").defaultCapacityProviderStrategy(List.of())));
    }
}
