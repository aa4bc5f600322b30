import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * rotate-secret through the labs catalog with real JBang, against an AWS endpoint on loopback: the
 * script's //DEPS and //SOURCES, the SDK's wire formats for the calls a dry run makes, and the
 * secret values staying out of the output.
 */
class RotateSecretJBangTest {
    private static final String PASSWORD = "loopback-Secret-Pw1";
    private static final String CURRENT_VERSION = "5f1c9a0e-0000-4000-8000-000000000001";
    private static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:labs-jj-database-url-AbCdEf";

    private static final java.util.regex.Pattern SERVICE_ASKED = java.util.regex.Pattern.compile("\"services\":\\[\"([^\"]+)\"");

    private static CannedAws cannedAws() throws java.io.IOException {
        return new CannedAws()
                // an awake service: no sleep tags
                .answer("DescribeServices", request -> {
                    java.util.regex.Matcher asked = SERVICE_ASKED.matcher(request);
                    String name = asked.find() ? asked.group(1) : "labs-jj-web";
                    return "{\"services\":[{\"serviceName\":\"" + name + "\",\"serviceArn\":\"arn:aws:ecs:eu-west-1:123456789012:service/"
                            + "labs-jj-cluster/" + name + "\",\"status\":\"ACTIVE\",\"desiredCount\":1,\"runningCount\":1,\"tags\":[]}],"
                            + "\"failures\":[]}";
                })
                .answer("DescribeDBInstances", """
                        <DescribeDBInstancesResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
                          <DescribeDBInstancesResult><DBInstances><DBInstance>
                            <DBInstanceIdentifier>labs-jj-postgres</DBInstanceIdentifier>
                            <DBInstanceArn>arn:aws:rds:eu-west-1:123456789012:db:labs-jj-postgres</DBInstanceArn>
                            <DBInstanceStatus>available</DBInstanceStatus>
                            <MasterUsername>labs</MasterUsername>
                            <Endpoint><Address>labs-jj-postgres.abc123.eu-west-1.rds.amazonaws.com</Address><Port>5432</Port></Endpoint>
                            <PendingModifiedValues/>
                            <TagList/>
                          </DBInstance></DBInstances></DescribeDBInstancesResult>
                          <ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata>
                        </DescribeDBInstancesResponse>""")
                .answer("DescribeSecret", "{\"ARN\":\"" + SECRET_ARN + "\",\"Name\":\"labs-jj-database-url\","
                        + "\"VersionIdsToStages\":{\"" + CURRENT_VERSION + "\":[\"AWSCURRENT\"]}}")
                .answer("GetSecretValue", "{\"ARN\":\"" + SECRET_ARN + "\",\"Name\":\"labs-jj-database-url\","
                        + "\"VersionId\":\"" + CURRENT_VERSION + "\",\"SecretString\":\"postgres://labs:" + PASSWORD
                        + "@labs-jj-postgres.abc123.eu-west-1.rds.amazonaws.com:5432/connect\",\"VersionStages\":[\"AWSCURRENT\"],"
                        + "\"CreatedDate\":1.7641728E9}");
    }

    @Test
    void aDryRunThroughTheCatalogReadsRdsAndTheSecretAndChangesNothing() throws Exception {
        RealJBang.jbangDir();
        try (CannedAws aws = cannedAws()) {
            RealJBang.Result result = RealJBang.run(aws.environment(), RealJBang.REPO, "rotate-secret@labs",
                    "--database-password", "--dry-run");
            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(result.out().contains("Rotate the master password of RDS instance labs-jj-postgres and DATABASE_URL "
                    + "in labs-jj-database-url:"), result::toString);
            assertTrue(result.out().contains("4. Promote the pending version to AWSCURRENT (the current version "
                    + CURRENT_VERSION + " becomes AWSPREVIOUS)"), result::toString);
            assertFalse(result.out().contains(PASSWORD) || result.err().contains(PASSWORD), result::toString);
            assertEquals(List.of("DescribeServices", "DescribeServices", "DescribeSecret", "DescribeDBInstances", "DescribeSecret",
                    "GetSecretValue"), aws.actions, "whether it sleeps, then the lock is looked at, then the plan's reads");
        }
    }

    @Test
    void withoutATerminalAndWithoutYesItRefusesBeforeChangingAnything() throws Exception {
        RealJBang.jbangDir();
        try (CannedAws aws = cannedAws()) {
            RealJBang.Result result = RealJBang.run(aws.environment(), RealJBang.REPO, "rotate-secret@labs",
                    "--database-password");
            assertEquals(2, result.exitCode(), result::toString);
            assertTrue(result.err().contains("error: rotate-secret changes secrets and restarts services: pass --yes"),
                    result::toString);
            assertTrue(aws.actions.stream().noneMatch(c -> c.contains("Put") || c.contains("Modify") || c.contains("Update")),
                    aws.actions::toString);
        }
    }
}
