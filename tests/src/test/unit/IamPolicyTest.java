import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test-side IAM evaluator, checked against the rules of the IAM User Guide it claims to follow. */
class IamPolicyTest {
    private static final String TASK_DEFINITION = "arn:aws:ecs:eu-west-1:123456789012:task-definition/labs-jj-web:7";

    private static IamPolicy.Request request(String action, String resource, Map<String, List<String>> context) {
        return new IamPolicy.Request(action, resource, context);
    }

    private static IamPolicy.Request request(String action, String resource) {
        return request(action, resource, Map.of());
    }

    @Test
    void nothingIsAllowedUnlessAStatementAllowsIt() {
        IamPolicy policy = IamPolicy.of("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:DescribeServices", "Resource": "*"}]}""");
        assertTrue(policy.allows(request("ecs:DescribeServices", "arn:aws:ecs:eu-west-1:123456789012:service/c/s")));
        assertEquals(IamPolicy.Decision.IMPLICITLY_DENIED, policy.evaluate(request("ecs:UpdateService", "*")));
    }

    @Test
    void anExplicitDenyWinsOverAnyAllow() {
        IamPolicy policy = IamPolicy.of(List.of(
                "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"ecs:*\", \"Resource\": \"*\"}}",
                "{\"Statement\": [{\"Effect\": \"Deny\", \"Action\": \"ecs:Delete*\", \"Resource\": \"*\"}]}"));
        assertEquals(IamPolicy.Decision.EXPLICITLY_DENIED, policy.evaluate(request("ecs:DeleteCluster", "*")));
        assertTrue(policy.allows(request("ecs:ListTasks", "*")));
    }

    @Test
    void actionsMatchWithoutRegardToCaseAndWithWildcards() {
        IamPolicy policy = IamPolicy.of("{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"ECS:describe*\", \"ecr:Get?uthorizationToken\"], \"Resource\": \"*\"}]}");
        assertTrue(policy.allows(request("ecs:DescribeTasks", "*")));
        assertTrue(policy.allows(request("ecr:GetAuthorizationToken", "*")));
        assertFalse(policy.allows(request("ecs:ListTasks", "*")));
        assertFalse(policy.allows(request("ecr:GetAuthorizationTokens", "*")));
    }

    @Test
    void notActionAllowsEverythingElse() {
        IamPolicy policy = IamPolicy.of("{\"Statement\": [{\"Effect\": \"Allow\", \"NotAction\": \"iam:*\", \"Resource\": \"*\"}]}");
        assertTrue(policy.allows(request("ecs:RunTask", "*")));
        assertFalse(policy.allows(request("iam:PassRole", "*")));
    }

    @Test
    void resourceWildcardsStayWithinTheirArnSegmentExceptInTheResourcePart() {
        String logs = "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/labs-jj-web";
        assertTrue(IamPolicy.arnMatches("arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/labs-jj-web:*", logs + ":log-stream:ecs/web/1"));
        assertFalse(IamPolicy.arnMatches("arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/labs-jj-web:*", logs),
                "a log group's own ARN has no trailing ':' to match");
        assertTrue(IamPolicy.arnMatches("arn:aws:ecs:*:123456789012:task-definition/labs-jj-web:*", TASK_DEFINITION));
        assertFalse(IamPolicy.arnMatches("arn:aws:ecs:*:123456789012:task-definition/labs-jj-web:*",
                "arn:aws:ecs:eu-west-1:123456789012:task-definition/labs-jj-webhook:1"));
        assertTrue(IamPolicy.arnMatches("arn:aws:ecs:eu-west-?:123456789012:cluster/labs-jj-cluster",
                "arn:aws:ecs:eu-west-1:123456789012:cluster/labs-jj-cluster"));
        assertFalse(IamPolicy.arnMatches("arn:aws:ecs:eu-west-1:*", "arn:aws:ecs:eu-west-1:123456789012:cluster/x"),
                "a wildcard does not span the account and resource segments");
        assertFalse(IamPolicy.arnMatches("arn:aws:ecs:eu-west-1:123456789012:cluster/*", "*"),
                "an action without resource types is granted only by Resource \"*\"");
        assertTrue(IamPolicy.arnMatches("*", "*"));
    }

    @Test
    void notResourceGrantsEveryOtherResource() {
        IamPolicy policy = IamPolicy.of("{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"ecs:*\", \"NotResource\": \"arn:aws:ecs:*:*:cluster/prod\"}]}");
        assertTrue(policy.allows(request("ecs:DescribeClusters", "arn:aws:ecs:eu-west-1:1:cluster/labs")));
        assertFalse(policy.allows(request("ecs:DescribeClusters", "arn:aws:ecs:eu-west-1:1:cluster/prod")));
    }

    @Test
    void conditionValuesAreAlternativesAndKeysAndOperatorsMustAllHold() {
        IamPolicy policy = IamPolicy.of("""
                {"Statement": [{"Effect": "Allow", "Action": "ecs:TagResource", "Resource": "*", "Condition": {
                  "StringEquals": {"ecs:CreateAction": ["RegisterTaskDefinition", "RunTask"], "aws:RequestTag/managed-by": "labs"},
                  "ArnLike": {"ecs:cluster": "arn:aws:ecs:*:*:cluster/labs-*"}}}]}""");
        Map<String, List<String>> context = Map.of("ecs:CreateAction", List.of("RunTask"), "aws:RequestTag/managed-by", List.of("labs"),
                "ecs:cluster", List.of("arn:aws:ecs:eu-west-1:1:cluster/labs-jj-cluster"));
        assertTrue(policy.allows(request("ecs:TagResource", TASK_DEFINITION, context)));
        assertFalse(policy.allows(request("ecs:TagResource", TASK_DEFINITION, Map.of("ecs:CreateAction", List.of("CreateCluster"),
                "aws:RequestTag/managed-by", List.of("labs"), "ecs:cluster", List.of("arn:aws:ecs:eu-west-1:1:cluster/labs-jj-cluster")))));
        assertFalse(policy.allows(request("ecs:TagResource", TASK_DEFINITION, Map.of("ecs:CreateAction", List.of("RunTask"),
                "aws:RequestTag/managed-by", List.of("labs")))), "a key missing from the request fails the condition");
    }

    @Test
    void conditionKeysIgnoreCaseButValuesDoNot() {
        IamPolicy policy = IamPolicy.of("{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"iam:PassRole\", \"Resource\": \"*\","
                + " \"Condition\": {\"StringEquals\": {\"iam:PassedToService\": \"ecs-tasks.amazonaws.com\"}}}]}");
        assertTrue(policy.allows(request("iam:PassRole", "*", Map.of("IAM:passedtoservice", List.of("ecs-tasks.amazonaws.com")))));
        assertFalse(policy.allows(request("iam:PassRole", "*", Map.of("iam:PassedToService", List.of("ECS-tasks.amazonaws.com")))));
    }

    @Test
    void stringLikeTakesWildcardsAndNegatedOperatorsHoldForAMissingKey() {
        IamPolicy like = IamPolicy.of("{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRoleWithWebIdentity\", \"Resource\": \"*\","
                + " \"Condition\": {\"StringLike\": {\"token.actions.githubusercontent.com:sub\": \"repo:acme/app:ref:refs/heads/*\"}}}]}");
        assertTrue(like.allows(request("sts:AssumeRoleWithWebIdentity", "*",
                Map.of("token.actions.githubusercontent.com:sub", List.of("repo:acme/app:ref:refs/heads/feature/x")))));
        assertFalse(like.allows(request("sts:AssumeRoleWithWebIdentity", "*",
                Map.of("token.actions.githubusercontent.com:sub", List.of("repo:acme/app:pull_request")))));

        IamPolicy notLike = IamPolicy.of("{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\","
                + " \"Condition\": {\"StringNotLike\": {\"aws:userid\": [\"AIDA*\", \"AROA*\"]}}}]}");
        assertTrue(notLike.allows(request("s3:GetObject", "*")), "missing key: a negated condition holds");
        assertFalse(notLike.allows(request("s3:GetObject", "*", Map.of("aws:userid", List.of("AROAEXAMPLE")))), "values NOR");
        assertTrue(notLike.allows(request("s3:GetObject", "*", Map.of("aws:userid", List.of("AKIAEXAMPLE")))));
    }

    @Test
    void ifExistsAndNullLookOnlyAtPresence() {
        IamPolicy ifExists = IamPolicy.of("{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\", \"Resource\": \"*\","
                + " \"Condition\": {\"StringEqualsIfExists\": {\"aws:SourceAccount\": \"123456789012\"}}}]}");
        assertTrue(ifExists.allows(request("sts:AssumeRole", "*")));
        assertTrue(ifExists.allows(request("sts:AssumeRole", "*", Map.of("aws:SourceAccount", List.of("123456789012")))));
        assertFalse(ifExists.allows(request("sts:AssumeRole", "*", Map.of("aws:SourceAccount", List.of("999999999999")))));

        IamPolicy mustHaveTags = IamPolicy.of("{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"ecs:RunTask\", \"Resource\": \"*\","
                + " \"Condition\": {\"Null\": {\"aws:RequestTag/labs:prefix\": \"false\"}}}]}");
        assertTrue(mustHaveTags.allows(request("ecs:RunTask", "*", Map.of("aws:RequestTag/labs:prefix", List.of("labs-jj")))));
        assertFalse(mustHaveTags.allows(request("ecs:RunTask", "*")));
    }

    @Test
    void setOperatorsQualifyMultivaluedKeys() {
        IamPolicy policy = IamPolicy.of("{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"ecs:TagResource\", \"Resource\": \"*\","
                + " \"Condition\": {\"ForAllValues:StringEquals\": {\"aws:TagKeys\": [\"labs:prefix\", \"managed-by\"]}}}]}");
        assertTrue(policy.allows(request("ecs:TagResource", "*", Map.of("aws:TagKeys", List.of("labs:prefix", "managed-by")))));
        assertFalse(policy.allows(request("ecs:TagResource", "*", Map.of("aws:TagKeys", List.of("labs:prefix", "owner")))));

        IamPolicy unqualified = IamPolicy.of("{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"ecs:TagResource\", \"Resource\": \"*\","
                + " \"Condition\": {\"StringEquals\": {\"aws:TagKeys\": \"managed-by\"}}}]}");
        assertThrows(IllegalArgumentException.class, () -> unqualified.allows(request("ecs:TagResource", "*",
                Map.of("aws:TagKeys", List.of("labs:prefix", "managed-by")))));
    }

    @Test
    void trustPoliciesMatchThePrincipal() {
        IamPolicy trust = IamPolicy.of("{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"ecs-tasks.amazonaws.com\"},"
                + " \"Action\": \"sts:AssumeRole\"}]}");
        assertTrue(trust.allows(new IamPolicy.Request("sts:AssumeRole", "*", Map.of(),
                new IamPolicy.Principal("Service", "ecs-tasks.amazonaws.com"))));
        assertFalse(trust.allows(new IamPolicy.Request("sts:AssumeRole", "*", Map.of(),
                new IamPolicy.Principal("Service", "ec2.amazonaws.com"))));
        assertFalse(trust.allows(request("sts:AssumeRole", "*")));
    }

    @Test
    void anOperatorItDoesNotKnowIsAnErrorNotAGuess() {
        IamPolicy policy = IamPolicy.of("{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"ec2:*\", \"Resource\": \"*\","
                + " \"Condition\": {\"IpAddress\": {\"aws:SourceIp\": \"10.0.0.0/8\"}}}]}");
        assertThrows(IllegalArgumentException.class, () -> policy.allows(request("ec2:DescribeVpcs", "*",
                Map.of("aws:SourceIp", List.of("10.1.2.3")))));
    }
}
