///usr/bin/env jbang "$0" "$@" ; exit $?
//CDS
//JAVA 17+
//SOURCES lib/core/core.java
//SOURCES lib/cost/cost.java

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "cost", sortOptions = false,
        description = {"Estimate what the environment costs a month at AWS list prices, from the settings alone:",
                "Fargate tasks (labs.web.desired-count, labs.worker.desired-count, labs.capacity,",
                "labs.image.platform), their public IPv4 addresses, RDS (labs.db.instance-class) and its",
                "storage, ElastiCache (labs.cache.node-type) and the secrets; always on, and with the office",
                "hours of labs.schedule.wake/sleep/timezone when they are set.",
                "",
                "Prices come from the AWS Price List API (pricing:GetProducts, cached 30 days under the labs",
                "cache folder); when it cannot be reached or is denied, from labs' built-in table of us-east-1",
                "and eu-west-1, and the output says which. provision ends its plan with the same estimate;",
                "status shows the rate of what runs now."},
        footer = {"", "Examples:", "  jbang cost@labs --region us-east-1", "  jbang cost@labs --region us-east-1 --compare",
                "  LABS_CAPACITY=spot LABS_IMAGE_PLATFORM=linux/arm64 jbang cost@labs --json"})
class Cost implements Callable<Integer> {
    @Option(names = "--compare",
            description = "Compare the choices that change the bill (on demand or Spot + Graviton + t4g classes; always on, a working week, asleep) as a Markdown table.")
    boolean compare;

    @Mixin
    LabsOptions labs = new LabsOptions();

    public static void main(String... args) {
        Labs.exit(new Cost(), args);
    }

    @Override
    public Integer call() {
        EnvironmentCost cost = new EnvironmentCost(labs);
        List<EnvironmentCost.Scenario> scenarios = compare ? cost.comparison() : cost.planned();
        if (scenarios.isEmpty()) {
            throw LabsException.failed("No prices for " + labs.aws().region().id() + ": the Price List API did not answer (the line above says why)"
                    + " and labs' built-in table has only us-east-1 and eu-west-1 with labs' default classes");
        }
        if (labs.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            scenarios.forEach(s -> json.put(s.heading(), s.estimate().json()));
            labs.console().json(json);
        } else if (compare) {
            EnvironmentCost.table(scenarios).forEach(labs.console()::result);
            labs.console().result("");
            labs.console().result("List prices in " + labs.aws().region().id() + " from " + scenarios.get(0).estimate().source() + "; "
                    + CostEstimate.LEFT_OUT + ".");
        } else {
            EnvironmentCost.lines(scenarios).forEach(labs.console()::result);
        }
        return 0;
    }
}
