import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.services.codebuild.model.Build;
import software.amazon.awssdk.services.codebuild.model.BuildPhase;
import software.amazon.awssdk.services.codebuild.model.EnvironmentType;
import software.amazon.awssdk.services.codebuild.model.StatusType;

/**
 * What a CodeBuild build says about itself in BatchGetBuilds, read without calling AWS: whether it
 * has finished, which phase failed and why, how many build minutes it is billed.
 * Phases and statuses: https://docs.aws.amazon.com/codebuild/latest/APIReference/API_BuildPhase.html
 */
final class BuildReport {
    /** us-east-1 list prices per build minute (2026): general1.small and arm1.small. */
    static final double LINUX_SMALL_PER_MINUTE = 0.005;
    static final double ARM_SMALL_PER_MINUTE = 0.0034;
    static final int FREE_MINUTES_A_MONTH = 100;

    private BuildReport() {
    }

    static boolean finished(Build build) {
        return build.buildStatus() != null && build.buildStatus() != StatusType.IN_PROGRESS;
    }

    /** The phase that ended the build: the first whose status is neither SUCCEEDED nor IN_PROGRESS. */
    static Optional<BuildPhase> failedPhase(Build build) {
        return build.phases().stream().filter(p -> p.phaseStatus() != null && p.phaseStatus() != StatusType.SUCCEEDED
                && p.phaseStatus() != StatusType.IN_PROGRESS).findFirst();
    }

    /** "phase BUILD FAILED (COMMAND_EXECUTION_ERROR: Error while executing command: ...)" */
    static String failure(Build build) {
        return failedPhase(build).map(phase -> "phase " + phase.phaseTypeAsString() + " " + phase.phaseStatusAsString()
                + phase.contexts().stream().filter(c -> c.message() != null && !c.message().isBlank())
                        .map(c -> " (" + c.statusCode() + ": " + c.message() + ")").findFirst().orElse(""))
                .orElse("build " + build.buildStatusAsString() + " in phase " + build.currentPhase());
    }

    /** CodeBuild bills whole minutes, rounded up. */
    static long billedMinutes(Build build, Instant now) {
        Instant end = build.endTime() != null ? build.endTime() : now;
        long seconds = Math.max(1, Duration.between(build.startTime(), end).toSeconds());
        return (seconds + 59) / 60;
    }

    /** "4 build minutes (BUILD_GENERAL1_SMALL), $0.02 at list price; the first 100 a month are free" */
    static String cost(Build build, Instant now) {
        long minutes = billedMinutes(build, now);
        String computeType = build.environment() == null ? "?" : build.environment().computeTypeAsString();
        boolean small = "BUILD_GENERAL1_SMALL".equals(computeType);
        String price = "";
        if (small) {
            double perMinute = build.environment().type() == EnvironmentType.ARM_CONTAINER ? ARM_SMALL_PER_MINUTE : LINUX_SMALL_PER_MINUTE;
            price = String.format(Locale.ROOT, ", $%.3f at list price", minutes * perMinute);
        }
        return minutes + " build minute" + (minutes == 1 ? "" : "s") + " (" + computeType + ")" + price + "; the first "
                + FREE_MINUTES_A_MONTH + " a month are free";
    }
}
