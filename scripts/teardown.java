///usr/bin/env jbang "$0" "$@" ; exit $?
//CDS
//JAVA 17+
//SOURCES lib/core/core.java
//SOURCES lib/stack/stack.java

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "teardown", sortOptions = false,
        description = {"Delete the stack: everything its names and tags identify, in reverse order.",
                "",
                "Asks you to type the prefix first (or pass --yes). Takes a final RDS snapshot",
                "unless --skip-final-snapshot. Secrets go without the 30-day recovery window,",
                "the ECR repository with its images, so that the same prefix can be provisioned",
                "again at once. Never touches another prefix's resources or the account-wide",
                "GitHub OIDC provider. Run it again to finish an interrupted teardown.",
                "",
                "Replaces the runbook's aws ... delete-* commands and the wait for network",
                "interfaces to drain."},
        footer = {"", "Examples:", "  jbang teardown@labs --dry-run", "  jbang teardown@labs --prefix labs-demo --yes --skip-final-snapshot",
                "  jbang teardown@labs --keep-data"})
class Teardown implements Callable<Integer> {
    @Option(names = "--dry-run", description = "List what would be deleted and delete nothing.")
    boolean dryRun;

    @Option(names = "--yes", description = "Do not ask for the prefix: for scripts and CI.")
    boolean yes;

    @Option(names = "--skip-final-snapshot", description = "Delete the database without a final snapshot (its data is lost).")
    boolean skipFinalSnapshot;

    @Option(names = "--keep-data", description = "Keep the RDS instance, its DATABASE_URL secret, its subnet group and the network it lives in.")
    boolean keepData;

    @Mixin
    LabsOptions labs = new LabsOptions();

    public static void main(String... args) {
        Labs.exit(new Teardown(), args);
    }

    @Override
    public Integer call() {
        String prefix = labs.names().prefix();
        Stack stack = new Stack(labs, labs.ticker());
        labs.console().info("Looking at " + prefix + " in " + labs.aws().region() + " ...");
        Observed observed = stack.observe();
        Plan builder = new Plan(RemoteBuilder.teardown(labs.names(), stack.observeBuilder(observed.account())), List.of(), List.of());
        Plan plan = builder.with(Plan.teardown(labs.names(), observed, keepData).steps());
        if (labs.json) labs.console().json(plan.json());
        else plan.lines().forEach(labs.console()::result);
        if (plan.changes().isEmpty()) {
            labs.console().info("Nothing of " + prefix + " to delete");
            return 0;
        }
        if (dryRun) {
            labs.console().info("Dry run: nothing deleted (" + plan.changes().size() + " resources would go)");
            return 0;
        }
        confirm(prefix, plan);
        boolean finalSnapshot = !skipFinalSnapshot;
        if (plan.does(Kind.DATABASE, Action.DELETE) && !finalSnapshot) {
            labs.console().warn("No final snapshot: the data of " + labs.names().dbInstance() + " is gone for good");
        }
        stack.teardown(plan, observed, finalSnapshot);
        labs.console().info("Done: " + plan.changes().size() + " resources of " + prefix + " deleted");
        return 0;
    }

    private void confirm(String prefix, Plan plan) {
        if (yes) return;
        String typed = labs.ask("This deletes the " + plan.changes().size() + " resources above. Type the prefix ("
                + prefix + ") to go on: ");
        if (typed == null) {
            throw LabsException.usage("Not confirmed (no input): type the prefix when asked, or pass --yes");
        }
        if (!prefix.equals(typed.trim())) {
            throw LabsException.usage("You typed '" + typed.trim() + "', not '" + prefix + "': nothing deleted");
        }
    }
}
