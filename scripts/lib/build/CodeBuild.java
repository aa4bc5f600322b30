import java.util.Optional;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.BatchGetBuildsResponse;
import software.amazon.awssdk.services.codebuild.model.Build;
import software.amazon.awssdk.services.codebuild.model.CreateProjectRequest;
import software.amazon.awssdk.services.codebuild.model.Project;
import software.amazon.awssdk.services.codebuild.model.StartBuildRequest;

/**
 * Every call labs makes to CodeBuild, each AWS action in its own method. BatchGetProjects and
 * BatchGetBuilds do not throw for unknown names: they list them under projectsNotFound and
 * buildsNotFound (https://docs.aws.amazon.com/codebuild/latest/APIReference/API_BatchGetBuilds.html).
 */
final class CodeBuild {
    private final CodeBuildClient client;

    CodeBuild(LabsOptions labs) {
        this.client = labs.aws().client(CodeBuildClient.class, CodeBuildClient::builder);
    }

    /** BatchGetProjects: the project, or empty when it does not exist. */
    Optional<Project> project(String name) {
        return client.batchGetProjects(r -> r.names(name)).projects().stream().filter(p -> name.equals(p.name())).findFirst();
    }

    /** CreateProject. */
    void createProject(CreateProjectRequest request) {
        client.createProject(request);
    }

    /** DeleteProject: its builds' history goes with it; their logs stay in CloudWatch until the group goes. */
    void deleteProject(String name) {
        client.deleteProject(r -> r.name(name));
    }

    /** StartBuild: the new build, IN_PROGRESS in its SUBMITTED phase. */
    Build start(StartBuildRequest request) {
        return client.startBuild(request).build();
    }

    /** BatchGetBuilds for one build. */
    Build build(String id) {
        BatchGetBuildsResponse response = client.batchGetBuilds(r -> r.ids(id));
        if (response.builds().isEmpty()) throw LabsException.failed("CodeBuild no longer knows build " + id);
        return response.builds().get(0);
    }

    /** StopBuild: the build ends STOPPED a few seconds later. */
    void stop(String id) {
        client.stopBuild(r -> r.id(id));
    }
}
