import java.util.List;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** A task-definition revision as DescribeTaskDefinition gives it: the definition and its tags, which live apart. */
record Revision(TaskDefinition taskDefinition, List<Tag> tags) {
    String arn() {
        return taskDefinition.taskDefinitionArn();
    }

    /** "family:revision", how people name a revision. */
    String name() {
        return Ecs.revisionOf(arn());
    }

    int number() {
        return taskDefinition.revision();
    }
}
