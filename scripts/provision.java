///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES lib/Labs.java
//SOURCES lib/Stack.java

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "provision", sortOptions = false,
        description = {"Create whatever of the stack is missing and adopt what exists; print the plan first.",
                "",
                "Compares every resource (VPC, subnets, internet gateway, route table, security group, RDS PostgreSQL,",
                "ElastiCache Redis, ECR repository, log groups, secrets, IAM roles, ECS cluster, task definitions and",
                "services) with what labs wants and prints one line each: exists, create, update (a labs-made resource",
                "brought in line) or differs (a hand-built resource, reported and left as is). Findings such as a",
                "database port open to the internet follow. Running it again changes nothing.",
                "",
                "Replaces the runbook's page of aws ec2/rds/elasticache/ecr/logs/secretsmanager/iam/ecs create-* commands."},
        footer = {"", "Examples:", "  jbang provision@labs --dry-run", "  jbang provision@labs --github-repo dimagi/commcare-connect --github-ref main",
                "  jbang provision@labs --prefix labs-demo --json"})
class Provision implements Callable<Integer> {
    @Option(names = "--dry-run", description = "Print the plan and change nothing.")
    boolean dryRun;

    @Option(names = "--github-repo", paramLabel = "OWNER/NAME",
            description = "Also create the GitHub OIDC provider (if the account has none) and the deploy role for this repository (labs.github.repo).")
    String githubRepo;

    @Option(names = "--github-ref", paramLabel = "BRANCH",
            description = "Limit the deploy role to a branch or pattern, e.g. main or release/* (labs.github.ref; default: any ref).")
    String githubRef;

    @Mixin
    LabsOptions labs = new LabsOptions();

    Pace pace = Pace.real();

    public static void main(String... args) {
        Labs.exit(new Provision(), args);
    }

    @Override
    public Integer call() {
        labs.option(Setting.GITHUB_REPO, githubRepo);
        labs.option(Setting.GITHUB_REF, githubRef);
        StackSpec spec = StackSpec.from(labs);
        Stack stack = new Stack(labs, pace);

        labs.console().info("Looking at " + labs.names().prefix() + " in " + spec.region() + " ...");
        Observed observed = stack.observe();
        List<String> zones = stack.zonesFor(spec, observed);
        Plan plan = Plan.provision(spec, observed, zones);
        print(plan);
        if (!plan.blockers().isEmpty()) throw LabsException.usage(String.join("; ", plan.blockers()));
        if (dryRun) {
            labs.console().info("Dry run: nothing changed (" + plan.changes().size() + " change"
                    + (plan.changes().size() == 1 ? "" : "s") + " planned)");
            return 0;
        }
        if (plan.changes().isEmpty()) {
            long reported = plan.steps().stream().filter(s -> s.action() == Action.DIFFERS).count() + plan.findings().size();
            labs.console().info("Nothing to change in " + labs.names().prefix() + (reported == 0 ? ""
                    : "; the differences and findings above are reported only, for you to decide"));
            return 0;
        }
        stack.apply(spec, plan, observed, zones);
        labs.console().info("Done: " + plan.changes().size() + " change" + (plan.changes().size() == 1 ? "" : "s") + " applied");
        if (observed.repository() == null || observed.repository().newestImageTag() == null) {
            labs.console().info("No image in " + labs.names().ecrRepository() + " yet, so the services run 0 tasks: "
                    + "run deploy (jbang deploy@labs) to build, push and start them");
        }
        return 0;
    }

    private void print(Plan plan) {
        if (labs.json) labs.console().json(plan.json());
        else plan.lines().forEach(labs.console()::result);
        labs.console().summary("### provision " + labs.names().prefix() + "\n\n```\n" + String.join("\n", plan.lines()) + "\n```");
    }
}
