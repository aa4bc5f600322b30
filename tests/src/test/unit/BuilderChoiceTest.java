import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Every case of the builder choice, and every refusal with its exit code (issue 14). */
class BuilderChoiceTest {
    private final AtomicInteger daemonAsked = new AtomicInteger();

    private BuilderChoice.Facts facts(String requested, boolean dockerfile, boolean daemon) {
        return new BuilderChoice.Facts(requested, "labs.properties", "Dockerfile", dockerfile, false, false, false, () -> {
            daemonAsked.incrementAndGet();
            return daemon;
        });
    }

    private static BuilderChoice.Facts withTarball(BuilderChoice.Facts f) {
        return new BuilderChoice.Facts(f.requested(), f.requestedFrom(), f.dockerfile(), f.dockerfilePresent(), true,
                f.registryOverride(), f.fromDocker(), f.daemonAnswers());
    }

    private static BuilderChoice.Facts withRegistry(BuilderChoice.Facts f) {
        return new BuilderChoice.Facts(f.requested(), f.requestedFrom(), f.dockerfile(), f.dockerfilePresent(), f.tarball(),
                true, f.fromDocker(), f.daemonAnswers());
    }

    private static BuilderChoice.Facts fromDocker(BuilderChoice.Facts f) {
        return new BuilderChoice.Facts(f.requested(), f.requestedFrom(), f.dockerfile(), f.dockerfilePresent(), f.tarball(),
                f.registryOverride(), true, f.daemonAnswers());
    }

    private static LabsException refused(BuilderChoice.Facts facts) {
        return assertThrows(LabsException.class, () -> BuilderChoice.decide(facts));
    }

    @Test
    void autoWithoutADockerfileIsJibAndDoesNotAskForADaemon() {
        BuilderChoice.Choice choice = BuilderChoice.decide(facts("auto", false, true));
        assertEquals(Builder.JIB, choice.builder());
        assertTrue(choice.reason().contains("no Dockerfile"), choice.reason());
        assertEquals(0, daemonAsked.get());
    }

    @Test
    void autoWithADockerfileIsDockerWhenADaemonAnswersElseCodeBuild() {
        assertEquals(Builder.DOCKER, BuilderChoice.decide(facts("auto", true, true)).builder());
        BuilderChoice.Choice remote = BuilderChoice.decide(facts(null, true, false));
        assertEquals(Builder.CODEBUILD, remote.builder());
        assertTrue(remote.reason().contains("no Docker daemon answers"), remote.reason());
    }

    @Test
    void anExplicitBuilderIsTakenCaseInsensitively() {
        assertEquals(Builder.JIB, BuilderChoice.decide(facts("JIB", true, true)).builder());
        assertEquals(Builder.DOCKER, BuilderChoice.decide(facts("docker", true, true)).builder());
        assertEquals(Builder.CODEBUILD, BuilderChoice.decide(facts(" codebuild ", true, true)).builder());
        assertEquals(0, daemonAsked.get() - 1, "only the docker builder asks for the daemon");
    }

    @Test
    void anUnknownBuilderIsAUsageErrorThatListsTheChoices() {
        LabsException e = refused(facts("kaniko", true, true));
        assertEquals(LabsException.USAGE, e.exitCode);
        assertEquals("labs.image.builder (from labs.properties) takes auto, jib, docker, codebuild; got 'kaniko'", e.getMessage());
    }

    @Test
    void dockerAndCodeBuildNeedADockerfile() {
        for (String builder : new String[] {"docker", "codebuild"}) {
            LabsException e = refused(facts(builder, false, true));
            assertEquals(LabsException.USAGE, e.exitCode);
            assertTrue(e.getMessage().contains("there is no Dockerfile in the app folder"), e.getMessage());
        }
    }

    @Test
    void dockerWithADaemonThatDoesNotAnswerFails() {
        LabsException e = refused(facts("docker", true, false));
        assertEquals(LabsException.FAILED, e.exitCode);
        assertTrue(e.getMessage().startsWith("No Docker daemon answers"), e.getMessage());
        assertTrue(e.getMessage().contains("--builder codebuild"), e.getMessage());
    }

    @Test
    void aTarballOrAnotherRegistryIsAUsageErrorWithCodeBuild() {
        LabsException tar = refused(withTarball(facts("codebuild", true, true)));
        assertEquals(LabsException.USAGE, tar.exitCode);
        assertTrue(tar.getMessage().startsWith("--to tar:PATH needs a local build, but the codebuild builder"), tar.getMessage());
        assertEquals(LabsException.USAGE, refused(withRegistry(facts("codebuild", true, true))).exitCode);
    }

    @Test
    void autoWithoutADaemonBuildsATarballOrAnotherRegistrysImageWithJib() {
        BuilderChoice.Choice tarball = BuilderChoice.decide(withTarball(facts("auto", true, false)));
        assertEquals(Builder.JIB, tarball.builder());
        assertTrue(tarball.reason().contains("CodeBuild pushes only to ECR, not to a tarball"), tarball.reason());
        assertEquals(Builder.JIB, BuilderChoice.decide(withRegistry(facts("auto", true, false))).builder());
        assertEquals(Builder.DOCKER, BuilderChoice.decide(withTarball(facts("auto", true, true))).builder());
        assertEquals(Builder.JIB, BuilderChoice.decide(withTarball(facts("auto", false, false))).builder());
        assertEquals(Builder.DOCKER, BuilderChoice.decide(withTarball(facts("docker", true, true))).builder());
    }

    @Test
    void fromDockerIsJibsPushOfADaemonImage() {
        assertEquals(Builder.JIB, BuilderChoice.decide(fromDocker(facts("auto", true, false))).builder());
        assertEquals(Builder.JIB, BuilderChoice.decide(fromDocker(facts("jib", true, false))).builder());
        LabsException e = refused(fromDocker(facts("codebuild", true, true)));
        assertEquals(LabsException.USAGE, e.exitCode);
        assertFalse(e.getMessage().isBlank());
    }
}
