import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

/** labs.capacity: provision puts the services on Fargate Spot (or back on demand) and the cluster gets what that needs. */
class CapacityTest {
    private static final String CLUSTER = "labs-jj-cluster";
    private final FakeAccount account = new FakeAccount();

    private Cli.Result provision(String capacity, String... args) {
        return account.cli().env("LABS_CAPACITY", capacity).run(new Provision(), args);
    }

    private void withImage() {
        account.ecr.createRepository(r -> r.repositoryName("labs-jj-commcare-connect").imageScanningConfiguration(s -> s.scanOnPush(true)));
        account.ecr.pushImage("labs-jj-commcare-connect", "abc1234");
    }

    private Service service(String name) {
        return account.ecs.services.get(CLUSTER + "/labs-jj-" + name);
    }

    private static List<String> providers(List<CapacityProviderStrategyItem> strategy) {
        return strategy.stream().map(CapacityProviderStrategyItem::capacityProvider).toList();
    }

    @Test
    void spotFromTheStartGivesTheClusterBothFargateProvidersAndTheServicesAFargateSpotStrategy() {
        Cli.Result result = provision("spot");

        assertEquals(0, result.exitCode(), result::toString);
        result.assertOutContains("create   ECS cluster        labs-jj-cluster: the capacity providers FARGATE and FARGATE_SPOT",
                "create   ECS service        labs-jj-web: Fargate Spot, public IP");
        assertEquals(List.of("FARGATE", "FARGATE_SPOT"), account.ecs.clusters.get(CLUSTER).capacityProviders());
        for (String name : List.of("web", "worker")) {
            CreateServiceRequest created = account.ecs.createdServices.get(CLUSTER + "/labs-jj-" + name);
            assertNull(created.launchType(), "ECS refuses a launch type beside a strategy");
            assertEquals(List.of("FARGATE_SPOT"), providers(created.capacityProviderStrategy()));
        }

        Cli.Result again = provision("spot");
        assertEquals(0, again.exitCode(), again::toString);
        again.assertErrContains("Nothing to change");
    }

    @Test
    void changingTheSettingMovesRunningServicesWithANewDeploymentAndBack() {
        withImage();
        assertEquals(0, provision("on-demand").exitCode());
        assertEquals("FARGATE", service("web").launchTypeAsString());
        account.ecs.updates.clear();

        Cli.Result toSpot = provision("spot");

        assertEquals(0, toSpot.exitCode(), toSpot::toString);
        toSpot.assertOutContains("update   ECS cluster        labs-jj-cluster: add the capacity providers FARGATE and FARGATE_SPOT",
                "update   ECS service        labs-jj-web: move to Fargate Spot (runs on Fargate; labs.capacity=spot): a new deployment");
        assertEquals(List.of("FARGATE", "FARGATE_SPOT"), account.ecs.clusters.get(CLUSTER).capacityProviders());
        for (String name : List.of("web", "worker")) {
            UpdateServiceRequest update = account.ecs.updates.stream().filter(u -> u.service().equals("labs-jj-" + name))
                    .findFirst().orElseThrow();
            assertEquals(List.of("FARGATE_SPOT"), providers(update.capacityProviderStrategy()));
            assertTrue(update.forceNewDeployment(), "a strategy change alone starts no deployment, and ECS refuses it without one");
            Service moved = service(name);
            assertNull(moved.launchType());
            assertEquals("IN_PROGRESS", moved.deployments().get(0).rolloutStateAsString(), "the tasks move now, not at the next deploy");
        }

        assertEquals(0, provision("spot").exitCode());
        assertEquals(2, account.ecs.updates.size(), "a second run moves nothing");

        Cli.Result back = provision("on-demand");
        assertEquals(0, back.exitCode(), back::toString);
        back.assertOutContains("exists   ECS cluster        labs-jj-cluster",
                "update   ECS service        labs-jj-worker: move to Fargate (runs on Fargate Spot; labs.capacity=on-demand): a new deployment");
        assertEquals(List.of("FARGATE"), providers(service("web").capacityProviderStrategy()));
        assertEquals(0, provision("on-demand").exitCode());
        assertEquals(4, account.ecs.updates.size(), "the strategy FARGATE is on demand: nothing more to move");
    }

    @Test
    void theDryRunShowsTheMoveAndChangesNothing() {
        withImage();
        assertEquals(0, provision("on-demand").exitCode());
        int changes = account.changes().size();
        account.ecs.updates.clear();

        Cli.Result result = provision("spot", "--dry-run");

        assertEquals(0, result.exitCode(), result::toString);
        result.assertOutContains("update   ECS service        labs-jj-web: move to Fargate Spot");
        result.assertErrContains("Dry run: nothing changed (3 changes planned)");
        assertEquals(changes, account.changes().size());
        assertTrue(account.ecs.updates.isEmpty());
        assertEquals(List.of(), account.ecs.clusters.get(CLUSTER).capacityProviders());
    }

    @Test
    void aHandBuiltServiceOnTheLaunchTypeStaysAsItIsOnDemandAndMovesForSpot() {
        HandBuilt.stack(account, "labs-jj");
        Cli.Result onDemand = account.provision("--dry-run");
        assertEquals(0, onDemand.exitCode(), onDemand::toString);
        onDemand.assertOutContains("exists   ECS service        labs-jj-web");

        Cli.Result spot = provision("spot", "--dry-run");
        spot.assertOutContains("update   ECS service        labs-jj-web: move to Fargate Spot (runs on Fargate;");
    }

    @Test
    void aCapacityOtherThanSpotOrOnDemandIsOneLineAndExitTwo() {
        Cli.Result result = provision("cheap");

        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("error: labs.capacity must be on-demand or spot, got 'cheap' from LABS_CAPACITY", result.err().strip());
        assertTrue(account.changes().isEmpty(), account.changes()::toString);
    }
}
