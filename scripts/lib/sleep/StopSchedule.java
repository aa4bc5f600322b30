import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daily schedule that sleep leaves behind: RDS starts a stopped instance by itself after 7
 * days, so while the environment sleeps EventBridge Scheduler calls StopDBInstance once a day,
 * through a universal target (arn:aws:scheduler:::aws-sdk:SERVICE:apiAction, the input being the
 * API's parameters as JSON). Its role may make exactly that call on this database.
 */
record StopSchedule(String name, String databaseId, String databaseArn, String roleArn) {
    static final String EXPRESSION = "rate(1 day)";
    static final String TARGET = "arn:aws:scheduler:::aws-sdk:rds:stopDBInstance";

    /** StopDBInstance's one required parameter, named as the SDKs name it. */
    String input() {
        return Json.write(Map.of("DbInstanceIdentifier", databaseId));
    }

    /** Only EventBridge Scheduler may assume the role, and only for schedules of this account (confused-deputy guard). */
    static String trust(String databaseArn) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Effect", "Allow");
        statement.put("Principal", Map.of("Service", "scheduler.amazonaws.com"));
        statement.put("Action", "sts:AssumeRole");
        statement.put("Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", account(databaseArn))));
        return document(statement);
    }

    static String permissions(String databaseArn) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Effect", "Allow");
        statement.put("Action", "rds:StopDBInstance");
        statement.put("Resource", databaseArn);
        return document(statement);
    }

    /** arn:PARTITION:rds:REGION:ACCOUNT:db:NAME */
    private static String account(String databaseArn) {
        return databaseArn.split(":")[4];
    }

    private static String document(Map<String, Object> statement) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("Version", "2012-10-17");
        document.put("Statement", List.of(statement));
        return Json.write(document);
    }
}
