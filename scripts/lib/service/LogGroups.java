import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

/** The containers' CloudWatch log groups, /ecs/SERVICE. */
final class LogGroups {
    private final CloudWatchLogsClient logs;
    private final Names names;
    private final Console console;

    LogGroups(LabsOptions labs) {
        this.logs = labs.aws().client(CloudWatchLogsClient.class, CloudWatchLogsClient::builder);
        this.names = labs.names();
        this.console = labs.console();
    }

    /** DescribeLogGroups matches by prefix: keep the exact name only. */
    Observed.LogGroup find(String service) {
        String name = names.logGroup(service);
        LogGroup group = logs.describeLogGroupsPaginator(r -> r.logGroupNamePrefix(name)).logGroups().stream()
                .filter(g -> name.equals(g.logGroupName())).findFirst().orElse(null);
        if (group == null) return null;
        String arn = group.logGroupArn() != null ? group.logGroupArn() : group.arn().replaceAll(":\\*$", "");
        boolean managed = names.prefix().equals(logs.listTagsForResource(r -> r.resourceArn(arn)).tags().get(Names.PREFIX_TAG));
        return new Observed.LogGroup(name, group.retentionInDays(), managed);
    }

    void create(String service) {
        logs.createLogGroup(r -> r.logGroupName(names.logGroup(service)).tags(names.tags()));
        console.detail("  created log group " + names.logGroup(service));
    }

    void putRetention(String service, int days) {
        logs.putRetentionPolicy(r -> r.logGroupName(names.logGroup(service)).retentionInDays(days));
    }

    void delete(String service) {
        logs.deleteLogGroup(r -> r.logGroupName(names.logGroup(service)));
    }
}
