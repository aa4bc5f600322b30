///usr/bin/env jbang "$0" "$@" ; exit $?
//CDS
//JAVA 17+
//SOURCES lib/core/core.java
//SOURCES lib/stack/stack.java

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "provision", sortOptions = false,
        description = {"Create whatever of the stack is missing and adopt what exists; print the plan first.",
                "",
                "One line per resource (VPC, subnets, internet gateway, route table, security",
                "group, RDS PostgreSQL, ElastiCache Redis, ECR repository, log groups, secrets,",
                "IAM roles, ECS cluster, task definitions, services; with labs.schedule.wake",
                "and labs.schedule.sleep, the office-hours schedules and their role):",
                "  exists   there and as labs wants it",
                "  create   missing; created in dependency order",
                "  update   made by labs but drifted; brought back in line",
                "  differs  built by hand and not as labs would make it; reported, left as is",
                "  finding  a risk to look at, e.g. PostgreSQL open to the internet",
                "Then the estimated monthly cost at AWS list prices, per resource: always on, and with",
                "the office hours of labs.schedule.wake/sleep when they are set.",
                "Running it again changes nothing; after an interruption it finishes the job.",
                "Settings (labs.properties or env): labs.capacity (on-demand or spot),",
                "labs.image.platform (the task definitions' CPU), labs.db.instance-class,",
                "labs.db.backup-retention-days, labs.cache.node-type, labs.logs.retention-days,",
                "labs.web.health-check, labs.environment, labs.github.repo, labs.github.ref,",
                "labs.github.environment, labs.github.owner-id, labs.github.repo-id, labs.github.api,",
                "labs.schedule.wake, labs.schedule.sleep, labs.schedule.timezone.",
                "",
                "Replaces the runbook's aws ec2/rds/elasticache/ecr/logs/secretsmanager/iam/ecs",
                "create-* commands and the waits between them."},
        footer = {"", "Examples:", "  jbang provision@labs --dry-run", "  jbang provision@labs --yes", "  jbang provision@labs --github-repo dimagi/commcare-connect --github-ref main",
                "  jbang provision@labs --prefix labs-demo --json"})
class Provision implements Callable<Integer> {
    @Option(names = "--dry-run", description = "Print the plan and change nothing.")
    boolean dryRun;

    @Option(names = "--github-repo", paramLabel = "OWNER/NAME",
            description = "Also create the GitHub OIDC provider (if the account has none) and the deploy role for this repository (labs.github.repo).")
    String githubRepo;

    @Option(names = "--github-ref", paramLabel = "BRANCH",
            description = "Limit the deploy role to a branch or pattern, e.g. main or release/* (labs.github.ref; default: any branch, never pull requests or tags).")
    String githubRef;

    @Option(names = "--github-environment", paramLabel = "ENV",
            description = "Let only jobs of this GitHub environment deploy, instead of branches (labs.github.environment).")
    String githubEnvironment;

    @Option(names = "--yes", description = "Do not ask before resetting the master password of a database labs did not create.")
    boolean yes;

    @Mixin
    LabsOptions labs = new LabsOptions();

    public static void main(String... args) {
        Labs.exit(new Provision(), args);
    }

    @Override
    public Integer call() {
        labs.option(Setting.GITHUB_REPO, githubRepo);
        labs.option(Setting.GITHUB_REF, githubRef);
        labs.option(Setting.GITHUB_ENVIRONMENT, githubEnvironment);
        StackSpec spec = withGithubIds(StackSpec.from(labs));
        Optional<OfficeHours> hours = OfficeHours.from(labs.config());
        Stack stack = new Stack(labs, labs.ticker());

        labs.console().info("Looking at " + labs.names().prefix() + " in " + spec.region() + " ...");
        Observed observed = stack.observe();
        List<String> zones = stack.zonesFor(spec, observed);
        RemoteBuilder.Seen builder = stack.observeBuilder(observed.account());
        Schedules.Seen schedules = stack.observeSchedules();
        Plan plan = Plan.provision(spec, observed, zones).with(stack.planBuilder(spec, observed.account(), builder))
                .with(stack.planSchedules(hours, observed.account(), schedules));
        print(plan, new EnvironmentCost(labs).planned());
        labs.console().info(new AppSecrets(labs).report());
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
        if (resetsMasterPassword(plan, observed) && !stack.databaseIsOwn()) confirmReset(observed.database().id());
        stack.apply(spec, plan, observed, zones);
        stack.applyBuilder(spec, plan, observed.account(), builder);
        stack.applySchedules(plan, hours, observed.account());
        labs.console().info("Done: " + plan.changes().size() + " change" + (plan.changes().size() == 1 ? "" : "s") + " applied");
        if (observed.repository() == null || observed.repository().newestImageTag() == null) {
            labs.console().info("No image in " + labs.names().ecrRepository() + " yet, so the services run 0 tasks: "
                    + "run deploy (jbang deploy@labs) to build, push and start them");
        }
        return 0;
    }

    /**
     * The deploy role trusts GitHub's immutable subject only with the real ids: from the settings, or
     * asked from GitHub. Without them it trusts the name form alone, and says how to add the other.
     */
    private StackSpec withGithubIds(StackSpec spec) {
        GithubDeployer deployer = spec.github();
        if (deployer == null || deployer.knowsIds()) return spec;
        String api = labs.config().get(Setting.GITHUB_API);
        String problem;
        if (api == null || api.isBlank() || "none".equals(api)) {
            problem = Setting.GITHUB_API.key + " is none";
        } else {
            GithubIds.Answer answer = GithubIds.lookUp(api, deployer.repository());
            if (answer.found()) {
                labs.console().detail("GitHub ids of " + answer.repository() + ": owner " + answer.ownerId() + ", repository "
                        + answer.repositoryId());
                return spec.withGithub(deployer.withIds(answer.repository(), answer.ownerId(), answer.repositoryId()));
            }
            problem = "GitHub did not give them: " + answer.problem();
        }
        labs.console().info("The deploy role trusts only the subject " + deployer.subjects().get(0) + ", without the ids of "
                + deployer.repository() + " (" + problem + "). If the repository uses GitHub's immutable subject claims"
                + " (created, renamed or transferred since 15 July 2026, or opted in), set " + Setting.GITHUB_OWNER_ID.key
                + " and " + Setting.GITHUB_REPO_ID.key + " (gh api repos/" + deployer.repository()
                + " --jq '.owner.id, .id') and run provision again");
        return spec;
    }

    private static boolean resetsMasterPassword(Plan plan, Observed observed) {
        return observed.database() != null && (plan.does(Kind.DATABASE_URL, Action.CREATE)
                || observed.databaseUrl() != null && observed.databaseUrl().masterPasswordResetPending());
    }

    /** The app of a database labs did not create may not be the only one that logs in with its master password. */
    private void confirmReset(String database) {
        if (yes) return;
        String prefix = labs.names().prefix();
        if (!labs.context().terminal()) {
            throw LabsException.usage("provision would reset the master password of " + database + ", which labs did not create "
                    + "(no labs tag): pass --yes, or run it in a terminal and type the prefix; nothing changed");
        }
        String typed = labs.ask("This resets the master password of " + database + ", which labs did not create: whatever else "
                + "logs in with it stops working. Type the prefix (" + prefix + ") to go on: ");
        if (typed == null || !prefix.equals(typed.trim())) {
            throw LabsException.usage("Not confirmed: the master password of " + database + " was not reset; nothing changed");
        }
    }

    /** The plan, then what the environment will cost a month. */
    private void print(Plan plan, List<EnvironmentCost.Scenario> cost) {
        List<String> lines = new ArrayList<>(plan.lines());
        lines.addAll(EnvironmentCost.lines(cost));
        if (labs.json) {
            Map<String, Object> json = new LinkedHashMap<>(plan.json());
            json.put("cost", EnvironmentCost.json(cost));
            labs.console().json(json);
        } else {
            lines.forEach(labs.console()::result);
        }
        labs.console().summary("### provision " + labs.names().prefix() + "\n\n```\n" + String.join("\n", lines) + "\n```");
    }
}
