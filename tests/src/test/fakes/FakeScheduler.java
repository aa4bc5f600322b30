import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.DeleteScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.DeleteScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.GetScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.Target;
import software.amazon.awssdk.services.scheduler.model.UpdateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.UpdateScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ValidationException;

/**
 * In-memory EventBridge Scheduler schedules of the default group. From the API reference
 * (https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html, API_GetSchedule,
 * API_UpdateSchedule, API_DeleteSchedule): names match [0-9a-zA-Z-_.]{1,64}; CreateSchedule of an
 * existing name is a ConflictException (409); GetSchedule, UpdateSchedule and DeleteSchedule of a
 * missing one a ResourceNotFoundException (404); ScheduleExpression, FlexibleTimeWindow and a Target
 * with Arn and RoleArn are required. A universal target's Arn is arn:aws:scheduler:::aws-sdk:SERVICE:apiAction
 * and its Input the API's parameters as JSON
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html). A role IAM
 * made moments ago may not be assumable yet: CreateSchedule then answers ValidationException "The
 * execution role you provide must allow AWS EventBridge Scheduler to assume the role."
 * (github.com/aws/aws-sdk-js-v3 issue 6494); notAssumableFor plays that.
 */
class FakeScheduler implements SchedulerClient {
    final Map<String, CreateScheduleRequest> schedules = new LinkedHashMap<>();
    Faults faults = new Faults();
    /** How many more CreateSchedule calls find the execution role not assumable yet. */
    int notAssumableFor;

    @Override
    public GetScheduleResponse getSchedule(GetScheduleRequest request) {
        return faults.call("scheduler:GetSchedule", () -> {
            CreateScheduleRequest schedule = require(request.name());
            return GetScheduleResponse.builder().name(schedule.name()).groupName("default")
                    .arn("arn:aws:scheduler:" + FakeEcs.REGION + ":" + FakeEcs.ACCOUNT + ":schedule/default/" + schedule.name())
                    .scheduleExpression(schedule.scheduleExpression()).state(schedule.state())
                    .flexibleTimeWindow(schedule.flexibleTimeWindow()).target(schedule.target()).build();
        });
    }

    @Override
    public CreateScheduleResponse createSchedule(CreateScheduleRequest request) {
        return faults.call("scheduler:CreateSchedule", () -> {
            validate(request.name(), request.scheduleExpression(), request.flexibleTimeWindow() != null, request.target());
            if (schedules.containsKey(request.name())) {
                throw ConflictException.builder().statusCode(409).message("Schedule " + request.name() + " already exists.").build();
            }
            if (notAssumableFor > 0) {
                notAssumableFor--;
                throw ValidationException.builder().statusCode(400)
                        .message("The execution role you provide must allow AWS EventBridge Scheduler to assume the role.").build();
            }
            schedules.put(request.name(), request);
            return CreateScheduleResponse.builder().scheduleArn("arn:aws:scheduler:" + FakeEcs.REGION + ":" + FakeEcs.ACCOUNT
                    + ":schedule/default/" + request.name()).build();
        });
    }

    @Override
    public UpdateScheduleResponse updateSchedule(UpdateScheduleRequest request) {
        return faults.call("scheduler:UpdateSchedule", () -> {
            require(request.name());
            validate(request.name(), request.scheduleExpression(), request.flexibleTimeWindow() != null, request.target());
            schedules.put(request.name(), CreateScheduleRequest.builder().name(request.name())
                    .scheduleExpression(request.scheduleExpression()).description(request.description()).state(request.state())
                    .flexibleTimeWindow(request.flexibleTimeWindow()).target(request.target()).build());
            return UpdateScheduleResponse.builder().build();
        });
    }

    @Override
    public DeleteScheduleResponse deleteSchedule(DeleteScheduleRequest request) {
        return faults.call("scheduler:DeleteSchedule", () -> {
            require(request.name());
            schedules.remove(request.name());
            return DeleteScheduleResponse.builder().build();
        });
    }

    private CreateScheduleRequest require(String name) {
        CreateScheduleRequest schedule = schedules.get(name);
        if (schedule == null) {
            throw ResourceNotFoundException.builder().statusCode(404).message("Schedule " + name + " does not exist.").build();
        }
        return schedule;
    }

    private static void validate(String name, String expression, boolean window, Target target) {
        if (name == null || !name.matches("[0-9a-zA-Z-_.]{1,64}") || expression == null || !window || target == null
                || target.arn() == null || target.roleArn() == null) {
            throw ValidationException.builder().statusCode(400).message("Invalid request: name, schedule expression, "
                    + "flexible time window and a target with Arn and RoleArn are required.").build();
        }
        if (target.arn().startsWith("arn:aws:scheduler:::aws-sdk:") && (target.input() == null || !target.input().startsWith("{"))) {
            throw ValidationException.builder().statusCode(400).message("A universal target needs the API's parameters as JSON Input.")
                    .build();
        }
    }

    @Override
    public String serviceName() {
        return "scheduler";
    }

    @Override
    public void close() {
    }
}
