import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * --django-secret-key: a new random key as the current version (Secrets Manager moves AWSPREVIOUS to
 * the old one), then the restart. Sessions and signed values made with the old key stay valid only
 * where the app reads SECRET_KEY_FALLBACKS from a container secret that points at this secret's
 * AWSPREVIOUS version (valueFrom ARN:json-key:version-stage:version-id, ECS developer guide,
 * "Pass Secrets Manager secrets through Amazon ECS environment variables"): the rotation fills it.
 */
final class DjangoKeyRotation implements Rotation {
    private final LabsOptions labs;
    private final SecretsManager.Secret secret;
    private final Ecs ecs;
    private final SecretRestart restart;
    private SecretsManager.Labels labels;

    DjangoKeyRotation(LabsOptions labs, SecretsManager.Secret secret, Ecs ecs, SecretRestart restart) {
        this.labs = labs;
        this.secret = secret;
        this.ecs = ecs;
        this.restart = restart;
    }

    @Override
    public RotationPlan plan() {
        labels = secret.labels();
        DatabasePasswordRotation.refuseAutomaticRotation(labels, secret.name());
        String current = labels.versionOf(SecretsManager.CURRENT).map(id -> "version " + id).orElse("none");
        List<String> steps = List.of("Generate a new key (" + RandomSecrets.DJANGO_KEY_LENGTH + " random characters) and "
                + "store it as the current version (AWSCURRENT) of " + secret.name() + "; the current " + current
                + " becomes AWSPREVIOUS", restart.step());
        return new RotationPlan("Rotate the Django secret key in " + secret.name(), steps, fallbackWarnings());
    }

    private List<String> fallbackWarnings() {
        List<String> unwired = restart.services().stream().filter(service -> fallbackVariable(service).isEmpty()).toList();
        if (unwired.isEmpty()) return List.of();
        return List.of("Sessions and signed values (login sessions, password-reset links, signed cookies) made with the "
                + "old key become invalid once " + String.join(" and ", unwired) + " restart: users are logged out. To "
                + "keep them valid, read SECRET_KEY_FALLBACKS from an environment variable that the task definition fills "
                + "from " + labels.arn() + "::AWSPREVIOUS: (see docs/runbook.md, \"Rotate the Django secret key\").");
    }

    /** The container secret that receives this secret's AWSPREVIOUS version, if the service's task definition has one. */
    private Optional<String> fallbackVariable(String service) {
        String taskDefinition = ecs.service(service).taskDefinition();
        String previousStage = labels.arn() + ":";
        return ecs.taskDefinition(taskDefinition).containerDefinitions().stream().flatMap(c -> c.secrets().stream())
                .filter(s -> s.valueFrom() != null && s.valueFrom().startsWith(previousStage)
                        && s.valueFrom().substring(previousStage.length()).matches("[^:]*:" + SecretsManager.PREVIOUS + ":.*"))
                .map(s -> s.name()).findFirst();
    }

    @Override
    public RotationOutcome run() {
        String previous = labels.versionOf(SecretsManager.CURRENT).orElse(null);
        String key = RandomSecrets.djangoSecretKey();
        labs.console().secret(key);
        String versionId;
        Instant changedAt = labs.ticker().now();
        try {
            versionId = secret.putCurrent(key);
        } catch (RuntimeException e) {
            throw new LabsException(LabsException.FAILED, labs.explain(e).getMessage() + ". Nothing changed: the current "
                    + "key of " + secret.name() + " is still version " + previous + ".", e);
        }
        labs.console().info("Stored the new key as version " + versionId + " (AWSCURRENT) of " + secret.name()
                + (previous == null ? "" : "; version " + previous + " is now AWSPREVIOUS"));
        SecretRestart.Result restarted = restart.run();
        if (!restarted.stable()) {
            throw restart.failed(restarted, "The new key (version " + versionId + ") is current in " + secret.name()
                    + "; tasks that started before it still use the old key.");
        }
        return new RotationOutcome(secret.name(), versionId, previous, restart.services(), changedAt,
                restarted.lastOldTaskStopped(), SecretRestart.seconds(changedAt, restarted.lastOldTaskStopped()));
    }
}
