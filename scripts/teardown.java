///usr/bin/env jbang "$0" "$@" ; exit $?
//CDS
//JAVA 17+
//SOURCES lib/core/core.java
//SOURCES lib/stack/stack.java

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "teardown", sortOptions = false,
        description = {"Delete the stack: everything its names and tags identify, in reverse order.",
                "",
                "Needs the prefix named (--prefix or LABS_PREFIX: no default), and asks you to",
                "type it (or pass --yes). Resources without the labs tag (built by hand) stay",
                "unless --include-hand-built. Takes a final RDS snapshot unless",
                "--skip-final-snapshot. Secrets can be restored for 7 days (provision of the",
                "same prefix restores them; --now deletes them at once); the ECR repository goes",
                "with its images; the office-hours schedules go first, and the schedule and role",
                "that sleep made. Never touches another prefix's resources or the account-wide",
                "GitHub OIDC provider. Run it again to finish an interrupted teardown.",
                "",
                "Replaces the runbook's aws ... delete-* commands and the wait for network",
                "interfaces to drain."},
        footer = {"", "Examples:", "  jbang teardown@labs --prefix labs-demo --dry-run",
                "  jbang teardown@labs --prefix labs-demo --yes --skip-final-snapshot --now",
                "  LABS_PREFIX=labs-jj jbang teardown@labs --keep-data"})
class Teardown implements Callable<Integer> {
    @Option(names = "--dry-run", description = "List what would be deleted and delete nothing.")
    boolean dryRun;

    @Option(names = "--yes", description = "Do not ask for the prefix: for scripts and CI.")
    boolean yes;

    @Option(names = "--skip-final-snapshot", description = "Delete the database without a final snapshot (its data is lost).")
    boolean skipFinalSnapshot;

    @Option(names = "--keep-data", description = "Keep the RDS instance, its DATABASE_URL secret, its subnet group and the network it lives in.")
    boolean keepData;

    @Option(names = "--include-hand-built", description = "Also delete the stack's resources that carry no labs tag (built by hand, adopted by provision).")
    boolean includeHandBuilt;

    @Option(names = "--now", description = "Delete the secrets at once, without their 7-day recovery window.")
    boolean now;

    @Mixin
    LabsOptions labs = new LabsOptions();

    public static void main(String... args) {
        Labs.exit(new Teardown(), args);
    }

    @Override
    public Integer call() {
        requireNamedPrefix();
        String prefix = labs.names().prefix();
        Stack stack = new Stack(labs, labs.ticker());
        labs.console().info("Looking at " + prefix + " in " + labs.aws().region() + " ...");
        Observed observed = stack.observe();
        List<Step> first = new ArrayList<>(Schedules.teardown(labs.names(), stack.observeSchedules()));
        first.addAll(stack.planSleepTeardown());
        first.addAll(RemoteBuilder.teardown(labs.names(), stack.observeBuilder(observed.account())));
        Plan builder = new Plan(first, List.of(), List.of());
        Plan plan = builder.with(Plan.teardown(labs.names(), observed,
                new Plan.TeardownScope(keepData, now, includeHandBuilt, stack.handBuilt(observed))).steps());
        AppSecrets appSecrets = new AppSecrets(labs);
        boolean withAppSecrets = !keepData && appSecrets.exists();
        if (labs.json) labs.console().json(plan.json());
        else plan.lines().forEach(labs.console()::result);
        if (withAppSecrets && !labs.json) labs.console().result(String.format("%-8s %-18s %s", "delete", "secret", appSecrets.name()));
        if (!plan.keptHandBuilt().isEmpty()) {
            labs.console().info(plan.keptHandBuilt().size() + " resources without the labs tag (built by hand) stay: "
                    + "pass --include-hand-built to delete them too");
        }
        if (plan.changes().isEmpty() && !withAppSecrets) {
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
        stack.teardown(plan, observed, finalSnapshot, now).ifPresent(this::howToRestore);
        if (withAppSecrets && appSecrets.deleteIfExists(now)) labs.console().info("  deleted secret " + appSecrets.name());
        labs.console().info("Done: " + plan.changes().size() + " resources of " + prefix + " deleted");
        if (!now && (plan.does(Kind.DATABASE_URL, Action.DELETE) || plan.does(Kind.DJANGO_SECRET_KEY, Action.DELETE)
                || plan.does(Kind.REDIS_URL, Action.DELETE))) {
            labs.console().info("The secrets can be restored for " + SecretsManager.RECOVERY_WINDOW_DAYS + " days: provision of "
                    + prefix + " restores them");
        }
        return 0;
    }

    /** The default prefix is the shared stack's: a teardown must never reach it by omission. */
    private void requireNamedPrefix() {
        String fromEnvironment = labs.context().environment().get(Setting.PREFIX.environmentVariable);
        if (labs.prefix == null && (fromEnvironment == null || fromEnvironment.isBlank())) {
            throw LabsException.usage("teardown needs the prefix named: --prefix PREFIX or LABS_PREFIX=PREFIX "
                    + "(no default, so that no stack is deleted by omission); nothing deleted");
        }
    }

    /** The snapshot is the backup: say what it is called and how to bring it back. */
    private void howToRestore(String snapshot) {
        Names names = labs.names();
        labs.console().result("final snapshot " + snapshot + " of " + names.dbInstance() + " (kept until you delete it)");
        labs.console().info("To bring the data back: `jbang provision@labs --prefix " + names.prefix() + "`, then `aws rds "
                + "restore-db-instance-from-db-snapshot --db-snapshot-identifier " + snapshot + " --db-instance-identifier "
                + names.dbInstance() + "-restored --db-subnet-group-name " + names.dbSubnetGroup() + "`, swap it in for the new "
                + "empty instance, and give it a new master password with `jbang rotate-secret@labs --prefix " + names.prefix()
                + " --database-password` (docs/runbook.md, \"Restore the database from its final snapshot\")");
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
