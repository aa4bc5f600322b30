import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecr.model.BatchGetImageRequest;
import software.amazon.awssdk.services.ecr.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesRequest;
import software.amazon.awssdk.services.ecr.model.ListImagesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeClustersRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTasksRequest;
import software.amazon.awssdk.services.ecs.model.ListServicesRequest;
import software.amazon.awssdk.services.ecs.model.ListTasksRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.StopTaskRequest;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogStreamsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsRequest;
import software.amazon.awssdk.services.elasticache.model.DescribeCacheClustersRequest;
import software.amazon.awssdk.services.elasticache.model.DescribeReplicationGroupsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;

/**
 * What IAM authorizes for each recorded AWS call: the action, the resource ARN (formats from the
 * Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/,
 * pages list_amazonelasticcontainerservice, list_amazonelasticcontainerregistry, list_amazoncloudwatchlogs,
 * list_amazonec2, list_amazonrds, list_amazonelasticache) and the condition keys the request carries.
 * Where an action has no resource types the resource is "*", which only Resource "*" grants.
 * Beyond the call itself:
 * - a RegisterTaskDefinition or RunTask with tags is also authorized as ecs:TagResource with
 *   ecs:CreateAction (ECS developer guide, "Grant permission to tag resources on creation",
 *   https://docs.aws.amazon.com/AmazonECS/latest/developerguide/supported-iam-actions-tagging.html);
 * - RegisterTaskDefinition, RunTask and UpdateService pass the task definition's roles, each an
 *   iam:PassRole with iam:PassedToService ecs-tasks.amazonaws.com (the reference's "API operations"
 *   table for ECS lists iam:PassRole under each of them).
 * A call this class does not know fails the test: an AWS call added to labs must be modelled here
 * from the reference before the deploy role can be said to allow it.
 */
final class IamRequests {
    static final String ECS_TASKS = "ecs-tasks.amazonaws.com";

    private final String region;
    private final String account;
    private final FakeEcs ecs;

    IamRequests(String region, String account, FakeEcs ecs) {
        this.region = region;
        this.account = account;
        this.ecs = ecs;
    }

    List<IamPolicy.Request> of(RecordedCalls.Call call) {
        String action = call.action();
        return switch (action) {
            case "sts:GetCallerIdentity" -> List.of(); // needs no permission (STS API reference)
            case "ecs:DescribeClusters" -> ((DescribeClustersRequest) call.request()).clusters().stream()
                    .map(c -> request(action, cluster(c))).toList();
            case "ecs:DescribeServices" -> describeServices(action, (DescribeServicesRequest) call.request());
            case "ecs:UpdateService" -> updateService(action, (UpdateServiceRequest) call.request());
            case "ecs:ListServices" -> List.of(request(action, "*", onCluster(((ListServicesRequest) call.request()).cluster())));
            // ListTasks' resource type is container-instance; a listing by service names none, so only "*" is sure to grant it
            case "ecs:ListTasks" -> List.of(request(action, "*", onCluster(((ListTasksRequest) call.request()).cluster())));
            case "ecs:DescribeTasks" -> describeTasks(action, (DescribeTasksRequest) call.request());
            case "ecs:StopTask" -> {
                StopTaskRequest stop = (StopTaskRequest) call.request();
                yield List.of(request(action, task(stop.cluster(), stop.task()), onCluster(stop.cluster())));
            }
            case "ecs:RunTask" -> runTask(action, (RunTaskRequest) call.request(), (RunTaskResponse) call.response());
            case "ecs:RegisterTaskDefinition" -> registerTaskDefinition(action, (RegisterTaskDefinitionRequest) call.request(),
                    (RegisterTaskDefinitionResponse) call.response());
            case "ecs:DescribeTaskDefinition", "ecs:ListTaskDefinitions", "ecs:ListTaskDefinitionFamilies",
                    "ecr:GetAuthorizationToken" -> List.of(request(action, "*"));
            case "ecr:DescribeRepositories" -> describeRepositories(action, (DescribeRepositoriesRequest) call.request());
            case "ecr:DescribeImages" -> {
                DescribeImagesRequest describe = (DescribeImagesRequest) call.request();
                yield List.of(request(action, repository(describe.registryId(), describe.repositoryName())));
            }
            case "ecr:ListImages" -> {
                ListImagesRequest list = (ListImagesRequest) call.request();
                yield List.of(request(action, repository(list.registryId(), list.repositoryName())));
            }
            case "ecr:BatchGetImage" -> {
                BatchGetImageRequest get = (BatchGetImageRequest) call.request();
                yield List.of(request(action, repository(get.registryId(), get.repositoryName())));
            }
            case "logs:FilterLogEvents" -> {
                FilterLogEventsRequest filter = (FilterLogEventsRequest) call.request();
                yield List.of(request(action, logGroup(filter.logGroupName(), filter.logGroupIdentifier())));
            }
            case "logs:DescribeLogStreams" -> {
                DescribeLogStreamsRequest describe = (DescribeLogStreamsRequest) call.request();
                yield List.of(request(action, logGroup(describe.logGroupName(), describe.logGroupIdentifier())));
            }
            case "logs:GetLogEvents" -> {
                GetLogEventsRequest get = (GetLogEventsRequest) call.request();
                yield List.of(request(action, logGroup(get.logGroupName(), get.logGroupIdentifier()) + ":log-stream:"
                        + get.logStreamName()));
            }
            case "rds:DescribeDBInstances" -> {
                String id = ((DescribeDbInstancesRequest) call.request()).dbInstanceIdentifier();
                yield List.of(request(action, id == null ? "*" : arn("rds", "db:" + id)));
            }
            case "elasticache:DescribeCacheClusters" -> {
                String id = ((DescribeCacheClustersRequest) call.request()).cacheClusterId();
                yield List.of(request(action, id == null ? "*" : arn("elasticache", "cluster:" + id)));
            }
            case "elasticache:DescribeReplicationGroups" -> {
                String id = ((DescribeReplicationGroupsRequest) call.request()).replicationGroupId();
                yield List.of(request(action, id == null ? "*" : arn("elasticache", "replicationgroup:" + id)));
            }
            default -> {
                if (action.startsWith("ec2:Describe")) yield List.of(request(action, "*")); // EC2 Describe* take no resource types
                throw new AssertionError("IamRequests has no model of " + action + ": look up its resource types and condition keys"
                        + " in the Service Authorization Reference and add it");
            }
        };
    }

    private List<IamPolicy.Request> describeServices(String action, DescribeServicesRequest describe) {
        return describe.services().stream().map(s -> request(action, service(describe.cluster(), s), onCluster(describe.cluster()))).toList();
    }

    private List<IamPolicy.Request> updateService(String action, UpdateServiceRequest update) {
        Map<String, List<String>> context = new LinkedHashMap<>(onCluster(update.cluster()));
        List<IamPolicy.Request> requests = new ArrayList<>();
        if (update.taskDefinition() != null) {
            TaskDefinition definition = ecs.definition(update.taskDefinition());
            context.put("ecs:task-definition", List.of(definition.taskDefinitionArn()));
            requests.addAll(passRoles(definition.executionRoleArn(), definition.taskRoleArn()));
        }
        requests.add(0, request(action, service(update.cluster(), update.service()), context));
        return requests;
    }

    private List<IamPolicy.Request> describeTasks(String action, DescribeTasksRequest describe) {
        return describe.tasks().stream().map(t -> request(action, task(describe.cluster(), t), onCluster(describe.cluster()))).toList();
    }

    private List<IamPolicy.Request> runTask(String action, RunTaskRequest run, RunTaskResponse response) {
        TaskDefinition definition = ecs.definition(run.taskDefinition());
        List<IamPolicy.Request> requests = new ArrayList<>();
        Map<String, List<String>> context = new LinkedHashMap<>(onCluster(run.cluster()));
        context.putAll(requestTags(run.tags()));
        requests.add(request(action, definition.taskDefinitionArn(), context));
        if (!run.tags().isEmpty()) {
            List<String> tasks = response == null ? List.of(task(run.cluster(), "*")) : response.tasks().stream().map(Task::taskArn).toList();
            tasks.forEach(task -> requests.add(tagOnCreate("RunTask", task, run.tags())));
        }
        String executionRole = definition.executionRoleArn();
        String taskRole = definition.taskRoleArn();
        if (run.overrides() != null) {
            if (run.overrides().executionRoleArn() != null) executionRole = run.overrides().executionRoleArn();
            if (run.overrides().taskRoleArn() != null) taskRole = run.overrides().taskRoleArn();
        }
        requests.addAll(passRoles(executionRole, taskRole));
        return requests;
    }

    private List<IamPolicy.Request> registerTaskDefinition(String action, RegisterTaskDefinitionRequest register,
            RegisterTaskDefinitionResponse response) {
        String arn = response != null ? response.taskDefinition().taskDefinitionArn()
                : arn("ecs", "task-definition/" + register.family() + ":*");
        List<IamPolicy.Request> requests = new ArrayList<>();
        requests.add(request(action, arn, requestTags(register.tags())));
        if (!register.tags().isEmpty()) requests.add(tagOnCreate("RegisterTaskDefinition", arn, register.tags()));
        requests.addAll(passRoles(register.executionRoleArn(), register.taskRoleArn()));
        return requests;
    }

    private List<IamPolicy.Request> describeRepositories(String action, DescribeRepositoriesRequest describe) {
        if (describe.repositoryNames().isEmpty()) return List.of(request(action, "*"));
        return describe.repositoryNames().stream().map(name -> request(action, repository(describe.registryId(), name))).toList();
    }

    /** The value of ecs:CreateAction has no "ecs:" prefix (ECS developer guide, tag-on-create example). */
    private IamPolicy.Request tagOnCreate(String createAction, String resource, List<Tag> tags) {
        Map<String, List<String>> context = new LinkedHashMap<>(requestTags(tags));
        context.put("ecs:CreateAction", List.of(createAction));
        return request("ecs:TagResource", resource, context);
    }

    private List<IamPolicy.Request> passRoles(String... roles) {
        List<IamPolicy.Request> requests = new ArrayList<>();
        for (String role : roles) {
            if (role == null) continue;
            String arn = role.startsWith("arn:") ? role : "arn:aws:iam::" + account + ":role/" + role;
            requests.add(request("iam:PassRole", arn, Map.of("iam:PassedToService", List.of(ECS_TASKS))));
        }
        return requests;
    }

    private static Map<String, List<String>> requestTags(List<Tag> tags) {
        Map<String, List<String>> context = new LinkedHashMap<>();
        if (tags.isEmpty()) return context;
        tags.forEach(t -> context.put("aws:RequestTag/" + t.key(), List.of(t.value())));
        context.put("aws:TagKeys", tags.stream().map(Tag::key).toList());
        return context;
    }

    private Map<String, List<String>> onCluster(String cluster) {
        return Map.of("ecs:cluster", List.of(cluster(cluster)));
    }

    private String cluster(String nameOrArn) {
        if (nameOrArn == null) return arn("ecs", "cluster/default");
        return nameOrArn.startsWith("arn:") ? nameOrArn : arn("ecs", "cluster/" + nameOrArn);
    }

    private String service(String cluster, String nameOrArn) {
        return nameOrArn.startsWith("arn:") ? nameOrArn : arn("ecs", "service/" + name(cluster(cluster)) + "/" + nameOrArn);
    }

    private String task(String cluster, String idOrArn) {
        return idOrArn.startsWith("arn:") ? idOrArn : arn("ecs", "task/" + name(cluster(cluster)) + "/" + idOrArn);
    }

    private String repository(String registryId, String name) {
        return "arn:aws:ecr:" + region + ":" + (registryId == null ? account : registryId) + ":repository/" + name;
    }

    private String logGroup(String name, String identifier) {
        if (identifier != null && identifier.startsWith("arn:")) return identifier.replaceFirst(":\\*$", "");
        return arn("logs", "log-group:" + (name != null ? name : identifier));
    }

    private String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + region + ":" + account + ":" + resource;
    }

    private static String name(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    private static IamPolicy.Request request(String action, String resource) {
        return new IamPolicy.Request(action, resource, Map.of());
    }

    private static IamPolicy.Request request(String action, String resource, Map<String, List<String>> context) {
        return new IamPolicy.Request(action, resource, context);
    }
}
