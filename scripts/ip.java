///usr/bin/env jbang "$0" "$@" ; exit $?
//CDS
//JAVA 17+
//SOURCES lib/core/core.java
//SOURCES lib/service/service.java
//SOURCES lib/network/network.java

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ip", sortOptions = false,
        description = {"Print the public IP of the running web task, and nothing else, on stdout.",
                "",
                "Replaces the runbook's aws ecs list-tasks, aws ecs describe-tasks and aws ec2 describe-network-interfaces."},
        footer = {"", "Examples:", "  jbang ip@labs", "  jbang ip@labs --url --wait=5m", "  jbang ip@labs --service worker --all", "  curl \"$(jbang ip@labs --url)\""})
class Ip implements Callable<Integer> {
    private static final Duration POLL = Duration.ofSeconds(3);

    @Option(names = "--url", description = "Print http://IP:PORT/ instead of the bare IP (port: labs.web.port, default 8000).")
    boolean url;

    @Option(names = "--wait", arity = "0..1", fallbackValue = "5m", paramLabel = "DURATION",
            description = "Wait until a running task has a public IP (after a deploy or restart); default 5m when given without a value.")
    String waitFor;

    @Option(names = "--service", paramLabel = "NAME", defaultValue = "web",
            description = "Service whose task to look up: web or worker (default: ${DEFAULT-VALUE}).")
    AppService service;

    @Option(names = "--all", description = "Print every running task's address, one per line (default: the newest task's).")
    boolean all;

    @Mixin
    LabsOptions labs = new LabsOptions();

    public static void main(String... args) {
        Labs.exit(new Ip(), args);
    }

    record Address(String task, String ip, String url) {
    }

    @Override
    public Integer call() {
        String serviceName = labs.names().service(service);
        int port = labs.config().getPort(Setting.WEB_PORT);
        Duration patience = waitFor == null ? Duration.ZERO : Durations.parse(waitFor, "--wait");
        PublicIps.Lookup lookup = lookUp(new PublicIps(new Ecs(labs), new Ec2(labs)), serviceName, patience);
        List<PublicIps.TaskAddress> addresses = all ? lookup.addresses() : lookup.addresses().subList(0, 1);
        if (!all && lookup.addresses().size() > 1) {
            labs.console().detail(lookup.addresses().size() + " tasks are running; printing the newest (--all prints every one)");
        }
        if (labs.json) {
            labs.console().json(addresses.stream()
                    .map(a -> new Address(a.taskId(), a.publicIp(), PublicIps.url(a.publicIp(), port))).toList());
        } else {
            addresses.forEach(a -> labs.console().result(url ? PublicIps.url(a.publicIp(), port) : a.publicIp()));
        }
        labs.console().summary("**" + serviceName + "**: " + PublicIps.url(addresses.get(0).publicIp(), port));
        return 0;
    }

    private PublicIps.Lookup lookUp(PublicIps publicIps, String serviceName, Duration patience) {
        String[] lastReason = {null};
        return Waits.poll(labs.ticker(), POLL, patience, waited -> {
            PublicIps.Lookup lookup = publicIps.lookup(serviceName);
            if (lookup.found()) return Optional.of(lookup);
            if (waited.compareTo(patience) < 0 && !lookup.notReadyReason().equals(lastReason[0])) {
                labs.console().info("Waiting for a public IP of " + serviceName + " (" + Console.elapsed(waited) + "): "
                        + lookup.notReadyReason());
            }
            lastReason[0] = lookup.notReadyReason();
            return Optional.empty();
        }, waited -> {
            String prefix = patience.isZero() ? "" : "Gave up after " + Console.elapsed(waited) + ": ";
            throw LabsException.failed(prefix + lastReason[0]);
        });
    }
}
