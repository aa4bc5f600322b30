import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/** Where a container's awslogs driver writes: the group, and streams named PREFIX/CONTAINER/TASK-ID. */
record LogLocation(String group, String streamPrefix, String container) {
    /** The awslogs options of a container definition, when it logs to CloudWatch. */
    static Optional<LogLocation> of(ContainerDefinition container) {
        var logging = container.logConfiguration();
        if (logging == null || !"awslogs".equals(logging.logDriverAsString())) return Optional.empty();
        String group = logging.options().get("awslogs-group");
        String prefix = logging.options().get("awslogs-stream-prefix");
        if (group == null || prefix == null) return Optional.empty();
        return Optional.of(new LogLocation(group, prefix, container.name()));
    }

    String stream(String taskId) {
        return streamPrefix + "/" + container + "/" + taskId;
    }

    /** The task id at the end of a stream name. */
    static String taskIdOf(String streamName) {
        return streamName.substring(streamName.lastIndexOf('/') + 1);
    }
}
