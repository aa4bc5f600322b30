import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.codebuild.model.EnvironmentVariable;
import software.amazon.awssdk.services.codebuild.model.EnvironmentVariableType;

/**
 * The buildspec labs hands CodeBuild with each build, so that the app needs none: log in to ECR
 * (and to Docker Hub when credentials are configured), build the Dockerfile with BuildKit through a
 * docker-container builder (the default docker driver cannot export a registry cache), cache in the
 * app's ECR repository under the tag buildcache (ECR takes a cache manifest only as an OCI image
 * manifest: image-manifest=true,oci-mediatypes=true), and push the tags.
 *
 * The values travel as environment variables, not as text inside the YAML, so that nothing the
 * user configures needs quoting. In buildspec version 0.2 every command of a phase runs in the same
 * shell (https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html).
 */
final class Buildspec {
    /** The cache's tag in the app's ECR repository. */
    static final String CACHE_TAG = "buildcache";

    /**
     * What one build needs.
     *
     * @param target a Dockerfile stage, or null for the last
     * @param dockerHubSecret a Secrets Manager secret with "username" and "token" keys, or null for anonymous pulls
     */
    record Inputs(String registry, String repositoryUri, List<String> tags, String dockerfile, String target, String platform,
            String release, String dockerHubSecret) {
    }

    private Buildspec() {
    }

    static String text() {
        return String.join("\n",
                "version: 0.2",
                "phases:",
                "  pre_build:",
                "    commands:",
                "      - aws ecr get-login-password --region \"$AWS_DEFAULT_REGION\" | docker login --username AWS --password-stdin \"$LABS_REGISTRY\"",
                "      - if [ -n \"$LABS_DOCKERHUB_USERNAME\" ]; then echo \"$LABS_DOCKERHUB_TOKEN\" | docker login --username \"$LABS_DOCKERHUB_USERNAME\" --password-stdin; fi",
                "      - docker buildx create --name labs --driver docker-container --use",
                "  build:",
                "    commands:",
                "      - TAGS=\"\"; for tag in $LABS_TAGS; do TAGS=\"$TAGS --tag $LABS_REPOSITORY:$tag\"; done",
                "      - TARGET=\"\"; if [ -n \"$LABS_TARGET\" ]; then TARGET=\"--target $LABS_TARGET\"; fi",
                "      - docker buildx build --file \"$LABS_DOCKERFILE\" $TARGET --platform \"$LABS_PLATFORM\""
                        + " --build-arg APP_RELEASE=\"$LABS_RELEASE\" --provenance=false"
                        + " --cache-from type=registry,ref=\"$LABS_REPOSITORY:" + CACHE_TAG + "\""
                        + " --cache-to type=registry,ref=\"$LABS_REPOSITORY:" + CACHE_TAG
                        + "\",mode=max,image-manifest=true,oci-mediatypes=true"
                        + " $TAGS --push .",
                "");
    }

    static List<EnvironmentVariable> variables(Inputs inputs) {
        List<EnvironmentVariable> variables = new ArrayList<>();
        variables.add(plain("LABS_REGISTRY", inputs.registry()));
        variables.add(plain("LABS_REPOSITORY", inputs.repositoryUri()));
        variables.add(plain("LABS_TAGS", String.join(" ", inputs.tags())));
        variables.add(plain("LABS_DOCKERFILE", inputs.dockerfile()));
        variables.add(plain("LABS_TARGET", inputs.target() == null ? "" : inputs.target()));
        variables.add(plain("LABS_PLATFORM", inputs.platform()));
        variables.add(plain("LABS_RELEASE", inputs.release()));
        if (inputs.dockerHubSecret() != null) {
            // CodeBuild reads SECRET:JSON-KEY itself, so the credentials never pass through labs
            variables.add(secret("LABS_DOCKERHUB_USERNAME", inputs.dockerHubSecret() + ":username"));
            variables.add(secret("LABS_DOCKERHUB_TOKEN", inputs.dockerHubSecret() + ":token"));
        }
        return variables;
    }

    private static EnvironmentVariable plain(String name, String value) {
        return EnvironmentVariable.builder().name(name).value(value).type(EnvironmentVariableType.PLAINTEXT).build();
    }

    private static EnvironmentVariable secret(String name, String reference) {
        return EnvironmentVariable.builder().name(name).value(reference).type(EnvironmentVariableType.SECRETS_MANAGER).build();
    }
}
