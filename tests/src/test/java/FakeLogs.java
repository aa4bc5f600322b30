import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.*;

/**
 * In-memory CloudWatch Logs groups (API reference): DescribeLogGroups matches a name prefix,
 * CreateLogGroup refuses an existing name (ResourceAlreadyExistsException), PutRetentionPolicy takes
 * only the listed day counts, a missing group is ResourceNotFoundException.
 */
class FakeLogs implements CloudWatchLogsClient {
    static final List<Integer> RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
            1096, 1827, 2192, 2557, 2922, 3288, 3653);

    Faults faults = new Faults();
    final Map<String, LogGroup> groups = new LinkedHashMap<>();
    final Map<String, Map<String, String>> tags = new LinkedHashMap<>();

    static String arn(String name) {
        return "arn:aws:logs:" + FakeEcs.REGION + ":" + FakeEcs.ACCOUNT + ":log-group:" + name;
    }

    private LogGroup require(String name) {
        LogGroup group = groups.get(name);
        if (group == null) throw ResourceNotFoundException.builder().statusCode(400).message("The specified log group does not exist.").build();
        return group;
    }

    @Override
    public DescribeLogGroupsResponse describeLogGroups(DescribeLogGroupsRequest request) {
        return DescribeLogGroupsResponse.builder().logGroups(groups.values().stream()
                .filter(g -> request.logGroupNamePrefix() == null || g.logGroupName().startsWith(request.logGroupNamePrefix())).toList()).build();
    }

    @Override
    public ListTagsForResourceResponse listTagsForResource(ListTagsForResourceRequest request) {
        String name = request.resourceArn().substring(request.resourceArn().indexOf(":log-group:") + ":log-group:".length());
        require(name);
        return ListTagsForResourceResponse.builder().tags(tags.getOrDefault(name, Map.of())).build();
    }

    @Override
    public CreateLogGroupResponse createLogGroup(CreateLogGroupRequest request) {
        return faults.call("logs:CreateLogGroup", () -> {
            if (groups.containsKey(request.logGroupName())) {
                throw ResourceAlreadyExistsException.builder().statusCode(400).message("The specified log group already exists").build();
            }
            groups.put(request.logGroupName(), LogGroup.builder().logGroupName(request.logGroupName())
                    .arn(arn(request.logGroupName()) + ":*").logGroupArn(arn(request.logGroupName())).build());
            tags.put(request.logGroupName(), request.tags());
            return CreateLogGroupResponse.builder().build();
        });
    }

    @Override
    public PutRetentionPolicyResponse putRetentionPolicy(PutRetentionPolicyRequest request) {
        return faults.call("logs:PutRetentionPolicy", () -> {
            LogGroup group = require(request.logGroupName());
            if (!RETENTION_DAYS.contains(request.retentionInDays())) {
                throw InvalidParameterException.builder().statusCode(400).message("1 validation error detected: retentionInDays").build();
            }
            groups.put(group.logGroupName(), group.toBuilder().retentionInDays(request.retentionInDays()).build());
            return PutRetentionPolicyResponse.builder().build();
        });
    }

    @Override
    public DeleteLogGroupResponse deleteLogGroup(DeleteLogGroupRequest request) {
        return faults.call("logs:DeleteLogGroup", () -> {
            require(request.logGroupName());
            groups.remove(request.logGroupName());
            tags.remove(request.logGroupName());
            return DeleteLogGroupResponse.builder().build();
        });
    }

    @Override
    public String serviceName() {
        return "logs";
    }

    @Override
    public void close() {
    }
}
