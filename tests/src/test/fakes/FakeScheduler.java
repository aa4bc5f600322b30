import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleGroupRequest;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleGroupResponse;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.DeleteScheduleGroupRequest;
import software.amazon.awssdk.services.scheduler.model.DeleteScheduleGroupResponse;
import software.amazon.awssdk.services.scheduler.model.DeleteScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.DeleteScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindow;
import software.amazon.awssdk.services.scheduler.model.GetScheduleGroupRequest;
import software.amazon.awssdk.services.scheduler.model.GetScheduleGroupResponse;
import software.amazon.awssdk.services.scheduler.model.GetScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ListSchedulesRequest;
import software.amazon.awssdk.services.scheduler.model.ListSchedulesResponse;
import software.amazon.awssdk.services.scheduler.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.scheduler.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleGroupState;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.scheduler.model.Tag;
import software.amazon.awssdk.services.scheduler.model.Target;
import software.amazon.awssdk.services.scheduler.model.UpdateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.UpdateScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ValidationException;

/**
 * In-memory EventBridge Scheduler (API reference, https://docs.aws.amazon.com/scheduler/latest/APIReference/):
 * a schedule lives in a group (ResourceNotFoundException for a missing group or schedule); a name
 * taken in its group, or a group's name, is ConflictException on create. Create and update check
 * what AWS checks (ValidationException): a cron, rate or at expression ("Invalid Schedule
 * Expression"; cron as Quartz with a leading seconds field), an IANA time zone, a flexible time
 * window, a universal target's Input that is well-formed JSON (user guide, "Using universal targets",
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html), and an
 * execution role that exists and trusts scheduler.amazonaws.com ("The execution role you provide must
 * allow AWS EventBridge Scheduler to assume the role."); UpdateSchedule replaces every field. AWS
 * keeps a deleted group DELETING until its schedules are gone; here they go at once.
 */
class FakeScheduler implements SchedulerClient {
    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
    static final String DEFAULT_GROUP = "default";
    static final String ROLE_NOT_ASSUMABLE = "The execution role you provide must allow AWS EventBridge Scheduler to assume the role.";

    Faults faults = new Faults();
    FakeIam iam;
    final Map<String, GetScheduleGroupResponse> groups = new LinkedHashMap<>();
    final Map<String, List<Tag>> tags = new LinkedHashMap<>();
    /** By group, then by name. */
    final Map<String, Map<String, GetScheduleResponse>> schedules = new LinkedHashMap<>();
    /** CreateSchedule calls still to refuse as if IAM had not spread a new role yet. */
    int roleNotReadyFor;

    static String groupArn(String name) {
        return "arn:aws:scheduler:" + FakeEcs.REGION + ":" + FakeEcs.ACCOUNT + ":schedule-group/" + name;
    }

    GetScheduleResponse schedule(String group, String name) {
        return schedules.getOrDefault(group == null ? DEFAULT_GROUP : group, Map.of()).get(name);
    }

    private static ResourceNotFoundException notFound(String what) {
        return ResourceNotFoundException.builder().statusCode(404).message(what + " does not exist.").build();
    }

    private static ValidationException invalid(String message) {
        return ValidationException.builder().statusCode(400).message(message).build();
    }

    /** Every account has the group "default", where a schedule goes without a group name (CreateSchedule, GroupName). */
    private GetScheduleGroupResponse requireGroup(String name) {
        if (name == null || name.equals(DEFAULT_GROUP)) {
            schedules.computeIfAbsent(DEFAULT_GROUP, unused -> new LinkedHashMap<>());
            tags.putIfAbsent(groupArn(DEFAULT_GROUP), List.of());
            return groups.computeIfAbsent(DEFAULT_GROUP, unused -> GetScheduleGroupResponse.builder().name(DEFAULT_GROUP)
                    .arn(groupArn(DEFAULT_GROUP)).state(ScheduleGroupState.ACTIVE).build());
        }
        GetScheduleGroupResponse group = groups.get(name);
        if (group == null) throw notFound("Schedule group " + name);
        return group;
    }

    @Override
    public CreateScheduleGroupResponse createScheduleGroup(CreateScheduleGroupRequest request) {
        return faults.call("scheduler:CreateScheduleGroup", () -> {
            if (!request.name().matches("[0-9a-zA-Z-_.]{1,64}")) throw invalid("Invalid schedule group name " + request.name());
            if (groups.containsKey(request.name())) {
                throw ConflictException.builder().statusCode(409).message("Schedule group " + request.name() + " already exists.").build();
            }
            groups.put(request.name(), GetScheduleGroupResponse.builder().name(request.name()).arn(groupArn(request.name()))
                    .state(ScheduleGroupState.ACTIVE).build());
            tags.put(groupArn(request.name()), List.copyOf(request.tags()));
            schedules.put(request.name(), new LinkedHashMap<>());
            return CreateScheduleGroupResponse.builder().scheduleGroupArn(groupArn(request.name())).build();
        });
    }

    @Override
    public GetScheduleGroupResponse getScheduleGroup(GetScheduleGroupRequest request) {
        return faults.call("scheduler:GetScheduleGroup", () -> requireGroup(request.name()));
    }

    @Override
    public DeleteScheduleGroupResponse deleteScheduleGroup(DeleteScheduleGroupRequest request) {
        return faults.call("scheduler:DeleteScheduleGroup", () -> {
            requireGroup(request.name());
            groups.remove(request.name());
            schedules.remove(request.name());
            tags.remove(groupArn(request.name()));
            return DeleteScheduleGroupResponse.builder().build();
        });
    }

    @Override
    public ListTagsForResourceResponse listTagsForResource(ListTagsForResourceRequest request) {
        return faults.call("scheduler:ListTagsForResource", () -> {
            List<Tag> found = tags.get(request.resourceArn());
            if (found == null) throw notFound("Resource " + request.resourceArn());
            return ListTagsForResourceResponse.builder().tags(found).build();
        });
    }

    @Override
    public ListSchedulesResponse listSchedules(ListSchedulesRequest request) {
        return faults.call("scheduler:ListSchedules", () -> {
            List<ScheduleSummary> summaries = new ArrayList<>();
            schedules.forEach((group, byName) -> {
                if (request.groupName() != null && !request.groupName().equals(group)) return;
                byName.values().forEach(s -> summaries.add(ScheduleSummary.builder().name(s.name()).groupName(group)
                        .arn(s.arn()).state(s.state()).build()));
            });
            return ListSchedulesResponse.builder().schedules(summaries).build();
        });
    }

    @Override
    public GetScheduleResponse getSchedule(GetScheduleRequest request) {
        return faults.call("scheduler:GetSchedule", () -> {
            requireGroup(request.groupName());
            GetScheduleResponse schedule = schedule(request.groupName(), request.name());
            if (schedule == null) throw notFound("Schedule " + request.name());
            return schedule;
        });
    }

    @Override
    public CreateScheduleResponse createSchedule(CreateScheduleRequest request) {
        return faults.call("scheduler:CreateSchedule", () -> {
            String group = requireGroup(request.groupName()).name();
            if (schedules.get(group).containsKey(request.name())) {
                throw ConflictException.builder().statusCode(409).message("Schedule " + request.name() + " already exists.").build();
            }
            check(request.scheduleExpression(), request.scheduleExpressionTimezone(), request.flexibleTimeWindow(), request.target());
            if (roleNotReadyFor > 0) {
                roleNotReadyFor--;
                throw invalid(ROLE_NOT_ASSUMABLE);
            }
            GetScheduleResponse schedule = GetScheduleResponse.builder().name(request.name()).groupName(group)
                    .arn("arn:aws:scheduler:" + FakeEcs.REGION + ":" + FakeEcs.ACCOUNT + ":schedule/" + group + "/" + request.name())
                    .scheduleExpression(request.scheduleExpression()).scheduleExpressionTimezone(request.scheduleExpressionTimezone())
                    .description(request.description()).flexibleTimeWindow(request.flexibleTimeWindow()).target(request.target())
                    .state(request.state() == null ? ScheduleState.ENABLED : request.state()).build();
            schedules.get(group).put(request.name(), schedule);
            return CreateScheduleResponse.builder().scheduleArn(schedule.arn()).build();
        });
    }

    @Override
    public UpdateScheduleResponse updateSchedule(UpdateScheduleRequest request) {
        return faults.call("scheduler:UpdateSchedule", () -> {
            String group = requireGroup(request.groupName()).name();
            GetScheduleResponse old = schedule(group, request.name());
            if (old == null) throw notFound("Schedule " + request.name());
            check(request.scheduleExpression(), request.scheduleExpressionTimezone(), request.flexibleTimeWindow(), request.target());
            GetScheduleResponse schedule = GetScheduleResponse.builder().name(request.name()).groupName(group).arn(old.arn())
                    .scheduleExpression(request.scheduleExpression()).scheduleExpressionTimezone(request.scheduleExpressionTimezone())
                    .description(request.description()).flexibleTimeWindow(request.flexibleTimeWindow()).target(request.target())
                    .state(request.state() == null ? ScheduleState.ENABLED : request.state()).build();
            schedules.get(group).put(request.name(), schedule);
            return UpdateScheduleResponse.builder().scheduleArn(schedule.arn()).build();
        });
    }

    @Override
    public DeleteScheduleResponse deleteSchedule(DeleteScheduleRequest request) {
        return faults.call("scheduler:DeleteSchedule", () -> {
            String group = requireGroup(request.groupName()).name();
            if (schedules.get(group).remove(request.name()) == null) throw notFound("Schedule " + request.name());
            return DeleteScheduleResponse.builder().build();
        });
    }

    private void check(String expression, String timezone, FlexibleTimeWindow window, Target target) {
        if (expression == null || !validExpression(expression)) throw invalid("Invalid Schedule Expression " + expression + ".");
        if (timezone != null && !ZoneId.getAvailableZoneIds().contains(timezone)) throw invalid("Invalid timezone " + timezone + ".");
        if (window == null || window.mode() == null) throw invalid("FlexibleTimeWindow is required.");
        if (target == null || target.arn() == null || target.roleArn() == null) throw invalid("Target Arn and RoleArn are required.");
        if (target.arn().contains(":aws-sdk:")) {
            try {
                JsonNode.parser().parse(target.input() == null ? "" : target.input()).asObject();
            } catch (RuntimeException notJson) {
                throw invalid("Input of a universal target must be well-formed JSON: " + target.input());
            }
        }
        String role = target.roleArn().substring(target.roleArn().lastIndexOf('/') + 1);
        if (iam != null && (!iam.roles.containsKey(role) || !iam.trust(role).contains("scheduler.amazonaws.com"))) {
            throw invalid(ROLE_NOT_ASSUMABLE);
        }
    }

    private static boolean validExpression(String expression) {
        if (expression.matches("rate\\(\\d+ (minute|minutes|hour|hours|day|days)\\)")) return true;
        if (expression.matches("at\\(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\)")) return true;
        if (!expression.startsWith("cron(") || !expression.endsWith(")")) return false;
        String[] fields = expression.substring(5, expression.length() - 1).trim().split("\\s+");
        try {
            return fields.length == 6 && QUARTZ.parse("0 " + String.join(" ", fields)) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Every schedule, group/name: expression timezone target input role. */
    List<String> fingerprint() {
        List<String> lines = new ArrayList<>();
        groups.keySet().stream().filter(g -> !g.equals(DEFAULT_GROUP)).forEach(g -> lines.add("schedule-group " + g + " " + tags.get(groupArn(g)).stream()
                .map(t -> t.key() + "=" + t.value()).sorted().toList()));
        schedules.forEach((group, byName) -> byName.values().forEach(s -> lines.add("schedule " + group + "/" + s.name() + " "
                + s.scheduleExpression() + " " + s.scheduleExpressionTimezone() + " " + s.state() + " " + s.target().arn() + " "
                + s.target().input() + " " + s.target().roleArn())));
        return lines;
    }

    @Override
    public String serviceName() {
        return "scheduler";
    }

    @Override
    public void close() {
    }
}
