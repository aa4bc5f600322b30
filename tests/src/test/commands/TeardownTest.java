import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TeardownTest {
    private static final String OIDC = "oidc arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    /** What a teardown leaves of labs-jj: the two secrets, restorable for their recovery window. */
    private static final List<String> SCHEDULED = List.of("secret labs-jj-database-url deleted=true",
            "secret labs-jj-django-secret-key deleted=true", "secret labs-jj-redis-url deleted=true");
    private static final List<String> OIDC_AND_SCHEDULED = List.of(OIDC, SCHEDULED.get(0), SCHEDULED.get(1), SCHEDULED.get(2));

    private final FakeAccount account = new FakeAccount();

    private void provisioned(String... args) {
        Cli.Result result = account.provision(args);
        assertEquals(0, result.exitCode(), result::toString);
    }

    @Test
    void removesTheWholeStackButNotTheOidcProvider() {
        provisioned("--github-repo", "dimagi/commcare-connect");
        account.ecr.pushImage("labs-jj-commcare-connect", "abc1234");
        account.ticker.at(java.time.Instant.parse("2026-11-26T14:30:00Z"));
        Cli.Result result = account.teardown("", "--yes");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(OIDC_AND_SCHEDULED, account.fingerprint());
        assertTrue(account.iam.deletedOidcProviders.isEmpty());
        assertTrue(account.ec2.vpcs.isEmpty() && account.ec2.securityGroups.isEmpty() && account.ec2.routeTables.isEmpty());
        assertEquals(java.util.Map.of("labs-jj-database-url", 7, "labs-jj-django-secret-key", 7, "labs-jj-redis-url", 7),
                account.secrets.recoveryWindows);
        assertTrue(account.elastiCache.groups.isEmpty() && account.elastiCache.clusters.isEmpty(), "the replication group is gone");
        assertEquals(1, account.rds.snapshots.size());
        assertEquals("labs-jj-postgres-final-20261126-1430", account.rds.snapshots.get(0));
        result.assertOutContains("final snapshot labs-jj-postgres-final-20261126-1430 of labs-jj-postgres");
        result.assertErrContains("restore-db-instance-from-db-snapshot --db-snapshot-identifier labs-jj-postgres-final-20261126-1430",
                "rotate-secret@labs --prefix labs-jj --database-password",
                "The secrets can be restored for 7 days: provision of labs-jj restores them");
        assertTrue(account.ecs.taskDefinitions.values().stream().flatMap(List::stream)
                .allMatch(d -> "DELETE_IN_PROGRESS".equals(d.statusAsString())), account.ecs.taskDefinitions::toString);
    }

    @Test
    void theSamePrefixProvisionedWithinTheWeekGetsItsSecretsBack() {
        provisioned();
        String key = account.secrets.value("labs-jj-django-secret-key");
        String databaseUrl = account.secrets.value("labs-jj-database-url");
        assertEquals(0, account.teardown("", "--yes").exitCode());
        Cli.Result again = account.provision();
        assertEquals(0, again.exitCode(), again::toString);
        again.assertOutContains("update   secret             labs-jj-django-secret-key: restore: scheduled for deletion by a teardown",
                "update   secret             labs-jj-database-url: restore");
        assertTrue(again.planLines().stream().filter(l -> !l.contains("secret")).allMatch(l -> l.startsWith("create ")), again::toString);
        assertTrue(account.secrets.deletedDates.isEmpty(), account.secrets.deletedDates::toString);
        assertEquals(key, account.secrets.value("labs-jj-django-secret-key"));
        assertEquals(DatabaseUrl.parse(databaseUrl, "test").decodedPassword(), account.rds.passwords.get("labs-jj-postgres"),
                "the new database has the restored secret's password");
    }

    @Test
    void nowDeletesTheSecretsWithoutARecoveryWindowAndAnotherProvisionStartsAfresh() {
        provisioned();
        assertEquals(0, account.teardown("", "--yes", "--now").exitCode());
        assertTrue(account.secrets.secrets.isEmpty(), account.secrets.secrets::toString);
        Cli.Result again = account.provision();
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.planLines().stream().allMatch(l -> l.startsWith("create ")), again::toString);
    }

    @Test
    void thePrefixMustBeNamed() {
        provisioned();
        List<String> before = account.fingerprint();
        Cli.Result result = account.cli().run(new Teardown(), "--yes");
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("error: teardown needs the prefix named: --prefix PREFIX or LABS_PREFIX=PREFIX (no default, so that no stack "
                + "is deleted by omission); nothing deleted", result.err().strip());
        assertEquals(before, account.fingerprint());
        assertEquals(0, account.cli().run(new Teardown(), "--prefix", "labs-jj", "--yes", "--now").exitCode());
    }

    @Test
    void aHandBuiltStackStaysUnlessIncluded() {
        HandBuilt.stack(account, "labs-jj");
        List<String> before = account.fingerprint();
        Cli.Result result = account.teardown("", "--yes");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(before, account.fingerprint());
        result.assertOutContains("keep     RDS instance       labs-jj-postgres: no labs tag (built by hand): deleted only with --include-hand-built",
                "keep     VPC                labs-jj-vpc: no labs tag");
        result.assertErrContains("resources without the labs tag (built by hand) stay: pass --include-hand-built to delete them too");

        Cli.Result included = account.teardown("", "--yes", "--include-hand-built");
        assertEquals(0, included.exitCode(), included::toString);
        assertEquals(SCHEDULED.subList(0, 2), account.fingerprint(), "the hand-built stack's Redis has no AUTH, so no Redis URL secret");
    }

    @Test
    void deletesInReverseDependencyOrder() {
        provisioned();
        int start = account.changes().size();
        assertEquals(0, account.teardown("", "--yes").exitCode());
        List<String> deletes = account.changes().subList(start, account.changes().size());
        assertTrue(deletes.indexOf("ecs:DeleteService") < deletes.indexOf("ecs:DeleteCluster"), deletes::toString);
        assertTrue(deletes.indexOf("rds:DeleteDBInstance") < deletes.indexOf("rds:DeleteDBSubnetGroup"), deletes::toString);
        assertTrue(deletes.indexOf("elasticache:DeleteCacheCluster") < deletes.indexOf("elasticache:DeleteCacheSubnetGroup"), deletes::toString);
        assertTrue(deletes.indexOf("ec2:DeleteSecurityGroup") < deletes.indexOf("ec2:DeleteVpc"), deletes::toString);
        assertTrue(deletes.indexOf("ec2:DeleteSubnet") < deletes.indexOf("ec2:DeleteVpc"), deletes::toString);
    }

    @Test
    void asksForThePrefixAndStopsOnAnythingElse() {
        provisioned();
        List<String> before = account.fingerprint();
        Cli.Result wrong = account.teardown("labs\n");
        assertEquals(2, wrong.exitCode(), wrong::toString);
        wrong.assertErrContains("Type the prefix (labs-jj)",
                "nothing deleted");
        Cli.Result noInput = account.teardown("");
        assertEquals(2, noInput.exitCode(), noInput::toString);
        noInput.assertErrContains("pass --yes");
        assertEquals(before, account.fingerprint());

        Cli.Result confirmed = account.teardown("labs-jj\n");
        assertEquals(0, confirmed.exitCode(), confirmed::toString);
        assertEquals(SCHEDULED, account.fingerprint());
    }

    @Test
    void dryRunListsWhatWouldGoAndDeletesNothing() {
        provisioned();
        List<String> before = account.fingerprint();
        Cli.Result result = account.teardown("", "--dry-run");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(before, account.fingerprint());
        assertEquals(27, result.out().lines().filter(l -> l.startsWith("delete ")).count(), result::toString);
        result.assertOutContains("delete   S3 bucket          labs-jj-build-sources-123456789012-eu-west-1: with the uploaded sources",
                "delete   RDS instance       labs-jj-postgres",
                "delete   ECR repository     labs-jj-commcare-connect: with all its images");
    }

    @Test
    void skipFinalSnapshotTakesNone() {
        provisioned();
        Cli.Result result = account.teardown("", "--yes", "--skip-final-snapshot");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(account.rds.snapshots.isEmpty());
        result.assertErrContains("No final snapshot");
    }

    @Test
    void keepDataKeepsTheDatabaseItsSecretAndItsNetwork() {
        provisioned();
        Cli.Result result = account.teardown("", "--yes", "--keep-data");
        assertEquals(0, result.exitCode(), result::toString);
        List<String> left = account.fingerprint();
        assertTrue(left.contains("rds labs-jj-postgres available db.t3.micro 20 gp3"), left::toString);
        assertTrue(left.contains("secret labs-jj-database-url deleted=false"), left::toString);
        assertTrue(left.contains("db-subnet-group labs-jj-db-subnet-group"), left::toString);
        assertTrue(left.stream().anyMatch(l -> l.startsWith("vpc labs-jj-vpc")), left::toString);
        assertFalse(left.stream().anyMatch(l -> l.startsWith("redis") || l.startsWith("service") || l.startsWith("role")
                || l.startsWith("ecr") || l.startsWith("logs") || l.contains("django-secret-key deleted=false")), left::toString);

        Cli.Result again = account.provision();
        assertEquals(0, again.exitCode(), again::toString);
        again.assertOutContains("exists   RDS instance       labs-jj-postgres");
    }

    @Test
    void retriesNetworkDeletesWhileFargateInterfacesDrain() {
        provisioned();
        String subnetId = account.ec2.subnets.keySet().iterator().next();
        String groupId = account.ec2.securityGroups.values().stream().filter(g -> g.groupName().equals("labs-jj-sg")).findFirst().orElseThrow().groupId();
        account.ec2.draining(subnetId, groupId, 3);
        Cli.Result result = account.teardown("", "--yes");
        assertEquals(0, result.exitCode(), result::toString);
        result.assertErrContains("network interfaces draining");
        assertEquals(SCHEDULED, account.fingerprint());
    }

    @ParameterizedTest
    @EnumSource(value = Faults.Mode.class, names = {"REJECTED", "ERROR_AFTER"})
    void aFailureAtEachStepIsFinishedByTheNextRun(Faults.Mode mode) {
        FakeAccount reference = new FakeAccount();
        assertEquals(0, reference.provision("--github-repo", "dimagi/commcare-connect").exitCode());
        int provisionSteps = reference.faults.calls.size();
        assertEquals(0, reference.teardown("", "--yes").exitCode());
        List<String> steps = List.copyOf(reference.faults.calls.subList(provisionSteps, reference.faults.calls.size()));
        assertTrue(steps.size() > 20, steps::toString);

        for (int step = 0; step < steps.size(); step++) {
            FakeAccount broken = new FakeAccount();
            assertEquals(0, broken.provision("--github-repo", "dimagi/commcare-connect").exitCode());
            broken.faults.failAt(broken.faults.calls.size() + step, mode);
            String where = mode + " at " + steps.get(step) + " (step " + step + ")";
            Cli.Result failed = broken.teardown("", "--yes");
            if (mode.after() && failed.exitCode() == 0) {
                // the call failed by itself (a cluster still draining, retried) before the lost answer could be injected
                assertEquals(OIDC_AND_SCHEDULED, broken.fingerprint(), where);
                continue;
            }
            assertEquals(1, failed.exitCode(), () -> where + "\n" + failed);
            Cli.Result rerun = broken.teardown("", "--yes");
            assertEquals(0, rerun.exitCode(), () -> where + ", re-run:\n" + rerun);
            assertEquals(OIDC_AND_SCHEDULED, broken.fingerprint(), where);
        }
    }

    @Test
    void anotherPrefixIsNeverTouched() {
        provisioned("--github-repo", "dimagi/commcare-connect");
        List<String> first = account.fingerprint();
        Cli.Result second = account.provision("--prefix", "labs-demo", "--github-repo", "dimagi/demo");
        assertTrue(second.exitCode() == 2, second::toString);
        Cli.Result own = account.cli().env("LABS_GITHUB_DEPLOY_ROLE", "github-actions-labs-demo").run(new Provision(),
                "--prefix", "labs-demo", "--github-repo", "dimagi/demo");
        assertEquals(0, own.exitCode(), own::toString);

        Cli.Result teardown = account.cli().env("LABS_GITHUB_DEPLOY_ROLE", "github-actions-labs-demo").run(new Teardown(),
                "--prefix", "labs-demo", "--yes", "--now");
        assertEquals(0, teardown.exitCode(), teardown::toString);
        assertEquals(first, account.fingerprint());
    }

    @Test
    void aHandBuiltDeployRoleWithoutLabsTagIsKept() {
        HandBuilt.stack(account, "labs-jj");
        account.iam.createRole(r -> r.roleName("github-actions-labs-deploy").assumeRolePolicyDocument(HandBuilt.ECS_TASKS_TRUST));
        Cli.Result result = account.teardown("", "--yes", "--include-hand-built", "--now");
        assertEquals(0, result.exitCode(), result::toString);
        result.assertOutContains("keep     IAM role           github-actions-labs-deploy: not tagged labs:prefix=labs-jj");
        assertEquals(List.of("role github-actions-labs-deploy attached=[] inline=[]"), account.fingerprint());
    }

    @Test
    void nothingToDeleteIsNotAnError() {
        Cli.Result result = account.teardown("", "--yes");
        assertEquals(0, result.exitCode(), result::toString);
        result.assertErrContains("Nothing of labs-jj to delete");
    }

    @Test
    void aStackInterruptedWhileTheDatabaseIsCreatedIsTornDownOnceItCanBe() {
        account.faults.failOn("ecr:CreateRepository", Faults.Mode.REJECTED);
        assertEquals(1, account.provision().exitCode());
        assertEquals("creating", account.rds.instances.get("labs-jj-postgres").dbInstanceStatus());
        Cli.Result result = account.teardown("", "--yes");
        assertEquals(0, result.exitCode(), result::toString);
        result.assertErrContains("Waiting until RDS labs-jj-postgres and Redis labs-jj-redis can be deleted");
        assertEquals(SCHEDULED, account.fingerprint());
        assertEquals(1, account.rds.snapshots.size());
    }

    @Test
    void aFailedDatabaseGoesWithoutTheSnapshotRdsCannotTake() {
        provisioned();
        account.rds.instances.computeIfPresent("labs-jj-postgres", (id, db) -> db.toBuilder().dbInstanceStatus("failed").build());
        Cli.Result result = account.teardown("", "--yes");
        assertEquals(0, result.exitCode(), result::toString);
        result.assertErrContains("RDS deletes a failed instance only without a final snapshot");
        assertTrue(account.rds.snapshots.isEmpty());
    }

    @Test
    void theAppSecretsGoToo() {
        provisioned();
        account.secrets.secret("labs-jj-app-secrets", "{\"TOKEN\":\"app-value\"}");
        Cli.Result result = account.teardown("", "--yes");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("delete   secret             labs-jj-app-secrets"), result::toString);
        assertTrue(account.secrets.deletedDates.containsKey("labs-jj-app-secrets"), "kept for the recovery window, as the stack's own");
        assertFalse(result.out().contains("app-value") || result.err().contains("app-value"));
    }

    @Test
    void theAppSecretsGoAtOnceWithNowAndStayWithKeepData() {
        provisioned();
        account.secrets.secret("labs-jj-app-secrets", "{\"TOKEN\":\"app-value\"}");
        Cli.Result kept = account.teardown("", "--yes", "--keep-data");
        assertEquals(0, kept.exitCode(), kept::toString);
        assertFalse(account.secrets.deletedDates.containsKey("labs-jj-app-secrets"), "--keep-data keeps the app's secrets");
        Cli.Result result = account.teardown("", "--yes", "--now");
        assertEquals(0, result.exitCode(), result::toString);
        assertFalse(account.secrets.secrets.containsKey("labs-jj-app-secrets"), account.secrets.secrets::toString);
    }
}
