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
        return findNamed(names.logGroup(service));
    }

    /** Any of the stack's groups by its name (the services' and the remote builder's). */
    Observed.LogGroup findNamed(String name) {
        LogGroup group = logs.describeLogGroupsPaginator(r -> r.logGroupNamePrefix(name)).logGroups().stream()
                .filter(g -> name.equals(g.logGroupName())).findFirst().orElse(null);
        if (group == null) return null;
        String arn = group.logGroupArn() != null ? group.logGroupArn() : group.arn().replaceAll(":\\*$", "");
        boolean managed = names.prefix().equals(logs.listTagsForResource(r -> r.resourceArn(arn)).tags().get(Names.PREFIX_TAG));
        return new Observed.LogGroup(name, group.retentionInDays(), managed);
    }

    void create(String service) {
        createNamed(names.logGroup(service));
    }

    void createNamed(String name) {
        logs.createLogGroup(r -> r.logGroupName(name).tags(names.tags()));
        console.detail("  created log group " + name);
    }

    void putRetention(String service, int days) {
        putRetentionNamed(names.logGroup(service), days);
    }

    void putRetentionNamed(String name, int days) {
        logs.putRetentionPolicy(r -> r.logGroupName(name).retentionInDays(days));
    }

    void delete(String service) {
        deleteNamed(names.logGroup(service));
    }

    void deleteNamed(String name) {
        logs.deleteLogGroup(r -> r.logGroupName(name));
    }
}
