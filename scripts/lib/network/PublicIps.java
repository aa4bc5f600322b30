import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Finds the public IPs of a service's running tasks the way the runbook did: service, running
 * task, its network interface, the interface's public IP (which only EC2 knows).
 */
final class PublicIps {
    /** A running task and its public address. */
    record TaskAddress(String taskId, String publicIp, Instant startedAt) {
    }

    /** Either the addresses, or why there are none yet. */
    record Lookup(List<TaskAddress> addresses, String notReadyReason) {
        static Lookup notReady(String reason) {
            return new Lookup(List.of(), reason);
        }

        /** The web URL on the first address found, or null while none is. */
        String firstUrl(int port) {
            return found() ? PublicIps.url(addresses.get(0).publicIp(), port) : null;
        }

        boolean found() {
            return notReadyReason == null;
        }
    }

    private final Ecs ecs;
    private final Ec2 ec2;

    PublicIps(Ecs ecs, Ec2 ec2) {
        this.ecs = ecs;
        this.ec2 = ec2;
    }

    Lookup lookup(String serviceName) {
        return lookup(ecs.service(serviceName));
    }

    /** For a service already described, so that its caller's DescribeServices is not repeated. */
    Lookup lookup(Service service) {
        String serviceName = service.serviceName();
        List<Task> running = ecs.runningTasks(serviceName);
        if (running.isEmpty()) return Lookup.notReady(noRunningTask(service));
        Map<String, String> interfaceByTask = running.stream()
                .filter(t -> Ecs.networkInterfaceId(t).isPresent())
                .collect(Collectors.toMap(Task::taskArn, t -> Ecs.networkInterfaceId(t).orElseThrow()));
        Map<String, String> publicIpByInterface = ec2.publicIps(List.copyOf(interfaceByTask.values()));
        List<TaskAddress> addresses = running.stream()
                .filter(t -> publicIpByInterface.containsKey(interfaceByTask.get(t.taskArn())))
                .map(t -> new TaskAddress(Ecs.taskId(t.taskArn()),
                        publicIpByInterface.get(interfaceByTask.get(t.taskArn())), Ecs.startedAt(t)))
                .toList();
        if (addresses.isEmpty()) {
            return Lookup.notReady("The running task " + Ecs.taskId(running.get(0).taskArn()) + " of service "
                    + serviceName + " has no public IP: the service's network configuration must have assignPublicIp "
                    + "ENABLED (there is no load balancer or NAT), e.g. aws ecs update-service --network-configuration");
        }
        return new Lookup(addresses, null);
    }

    private static String noRunningTask(Service service) {
        String event = Ecs.newestEvent(service).map(e -> "; newest event: " + e.message()).orElse("");
        String advice = service.desiredCount() == 0 ? " (nothing deployed yet? run deploy)" : "";
        return "No running task in service " + service.serviceName() + " (" + Ecs.counts(service) + ")" + advice
                + event;
    }

    static String url(String ip, int port) {
        return "http://" + ip + ":" + port + "/";
    }
}
