import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

/** Every setting labs knows, with its labs.properties key, environment variable and default. */
enum Setting {
    PREFIX("labs.prefix", "LABS_PREFIX", "labs-jj", "prefix of every resource name"),
    APP("labs.app", "LABS_APP", "commcare-connect", "application name (the ECR repository is PREFIX-APP)"),
    REGION("labs.region", "AWS_REGION", null, "AWS region (default: the profile's region)"),
    PROFILE("labs.profile", "AWS_PROFILE", null, "AWS profile, SSO profiles included (default: the credential chain)"),
    GITHUB_DEPLOY_ROLE("labs.github.deploy-role", "LABS_GITHUB_DEPLOY_ROLE", "github-actions-labs-deploy",
            "IAM role that GitHub Actions assumes"),
    WEB_PORT("labs.web.port", "LABS_WEB_PORT", "8000", "port the web container serves HTTP on"),
    IMAGE_BASE("labs.image.base", "LABS_IMAGE_BASE", "python:3.11-slim-bookworm",
            "base image: a registry reference, tar:///path/base.tar, docker://image, or scratch"),
    IMAGE_PLATFORM("labs.image.platform", "LABS_IMAGE_PLATFORM", "linux/amd64",
            "platform of the image and of the tasks: linux/amd64 (Fargate X86_64) or linux/arm64 (ARM64, Graviton)"),
    IMAGE_PYTHON("labs.image.python", "LABS_IMAGE_PYTHON", "/usr/local/bin/python",
            "the base image's Python: console scripts start with it, site-packages lies under its prefix"),
    IMAGE_PYTHON_VERSION("labs.image.python-version", "LABS_IMAGE_PYTHON_VERSION", "3.11",
            "the base image's Python version: 3.11, or the full 3.11.9 (the image's PYTHON_VERSION) for exact python_full_version markers"),
    IMAGE_GLIBC("labs.image.glibc", "LABS_IMAGE_GLIBC", "2.36",
            "the base image's glibc (bookworm: 2.36): manylinux wheels up to it are accepted"),
    IMAGE_INSTALLER("labs.image.installer", "LABS_IMAGE_INSTALLER", "labs",
            "who installs the Python dependencies for jib: labs (wheels from the lock, no Python needed) or pip (this machine's)"),
    IMAGE_INDEX_URL("labs.image.index-url", "LABS_IMAGE_INDEX_URL", "https://pypi.org/simple/",
            "package index (JSON simple API) for requirement files that name none with --index-url"),
    IMAGE_BUILD_PYTHON("labs.image.build-python", "LABS_IMAGE_BUILD_PYTHON", "python3",
            "Python (with pip) on this machine that installs the dependencies when labs.image.installer is pip"),
    IMAGE_REQUIREMENTS("labs.image.requirements", "LABS_IMAGE_REQUIREMENTS", null,
            "comma-separated requirement files (default: requirements/base.txt + production.txt, requirements.txt, else uv.lock)"),
    IMAGE_BASE_PACKAGES("labs.image.base-packages", "LABS_IMAGE_BASE_PACKAGES", null,
            "comma-separated Python packages that the base image provides: left out of the dependencies layer"),
    IMAGE_UV_GROUPS("labs.image.uv-groups", "LABS_IMAGE_UV_GROUPS", "production",
            "dependency groups installed from uv.lock (dev dependencies never are)"),
    IMAGE_BUILD_COMMAND("labs.image.build-command", "LABS_IMAGE_BUILD_COMMAND", null,
            "shell command run in the app folder before the image is assembled (e.g. npm ci && npm run build)"),
    IMAGE_BUILD_OUTPUT("labs.image.build-output", "LABS_IMAGE_BUILD_OUTPUT", null,
            "comma-separated folders (relative to the app) that the build command fills: their own layer"),
    IMAGE_ENTRY_SCRIPTS("labs.image.entry-scripts", "LABS_IMAGE_ENTRY_SCRIPTS", "docker",
            "folder whose scripts are copied to / with mode 0755"),
    IMAGE_ENTRYPOINT("labs.image.entrypoint", "LABS_IMAGE_ENTRYPOINT", "/entrypoint",
            "entrypoint (words separated by spaces; none for no entrypoint)"),
    IMAGE_CMD("labs.image.cmd", "LABS_IMAGE_CMD", "/start", "default command (words separated by spaces)"),
    IMAGE_WORKDIR("labs.image.workdir", "LABS_IMAGE_WORKDIR", "/app", "where the application source goes, and the working directory"),
    IMAGE_USER("labs.image.user", "LABS_IMAGE_USER", "1000:1000", "numeric uid:gid the container runs as and that owns the app files"),
    IMAGE_REGISTRY("labs.image.registry", "LABS_IMAGE_REGISTRY", null,
            "push to this registry (e.g. 127.0.0.1:5000, or HOST/PATH) without login, instead of the stack's ECR repository"),
    IMAGE_SOURCE("labs.image.source", "LABS_IMAGE_SOURCE", null,
            "the org.opencontainers.image.source label (default: the git remote origin)"),
    IMAGE_CACHE("labs.image.cache", "LABS_IMAGE_CACHE", null,
            "cache folder for dependency builds and layers (default: ~/.cache/labs)"),
    IMAGE_DOCKER("labs.image.docker", "LABS_IMAGE_DOCKER", "docker",
            "the Docker CLI that the docker builder and deploy --from-docker use (e.g. podman)"),
    IMAGE_BUILDER("labs.image.builder", "LABS_IMAGE_BUILDER", "auto",
            "how deploy builds the image: auto (a Dockerfile: docker when a daemon answers, else codebuild; none: jib), jib, docker, codebuild"),
    IMAGE_DOCKERFILE("labs.image.dockerfile", "LABS_IMAGE_DOCKERFILE", "Dockerfile",
            "the app's Dockerfile, relative to the app folder (the build context)"),
    IMAGE_TARGET("labs.image.target", "LABS_IMAGE_TARGET", null,
            "the Dockerfile stage to build (default: the last)"),
    IMAGE_DOCKERHUB_SECRET("labs.image.dockerhub-secret", "LABS_IMAGE_DOCKERHUB_SECRET", null,
            "Secrets Manager secret (name or ARN) with JSON keys username and token: the codebuild builder logs in to Docker Hub with it"),
    DB_INSTANCE_CLASS("labs.db.instance-class", "LABS_DB_INSTANCE_CLASS", "db.t3.micro",
            "RDS instance class (the subnets go to the first two zones that offer it)"),
    DB_BACKUP_RETENTION_DAYS("labs.db.backup-retention-days", "LABS_DB_BACKUP_RETENTION_DAYS", "1",
            "days RDS keeps automated backups (0 turns them off)"),
    CACHE_NODE_TYPE("labs.cache.node-type", "LABS_CACHE_NODE_TYPE", "cache.t3.micro", "ElastiCache Redis node type"),
    CAPACITY("labs.capacity", "LABS_CAPACITY", "on-demand",
            "where the services' tasks run: on-demand (Fargate) or spot (Fargate Spot, about 70% cheaper, may be interrupted)"),
    SCHEDULE_WAKE("labs.schedule.wake", "LABS_SCHEDULE_WAKE", null,
            "when the environment wakes, as an EventBridge Scheduler cron expression, e.g. cron(0 8 ? * MON-FRI *) (none: always on)"),
    SCHEDULE_SLEEP("labs.schedule.sleep", "LABS_SCHEDULE_SLEEP", null,
            "when the environment goes to sleep, e.g. cron(0 18 ? * MON-FRI *) (set with labs.schedule.wake)"),
    SCHEDULE_TIMEZONE("labs.schedule.timezone", "LABS_SCHEDULE_TIMEZONE", "UTC",
            "IANA time zone of the schedules, e.g. Europe/London"),
    LOG_RETENTION_DAYS("labs.logs.retention-days", "LABS_LOG_RETENTION_DAYS", "14",
            "days CloudWatch keeps container logs (a value CloudWatch accepts: 1, 3, 5, 7, 14, 30, 60, 90, ...)"),
    WEB_HEALTH_PATH("labs.web.health-path", "LABS_WEB_HEALTH_PATH", "/",
            "path that the web's health check and deploy's smoke check GET: an answer below 400 (after redirects) is healthy"),
    WEB_HEALTH_CHECK("labs.web.health-check", "LABS_WEB_HEALTH_CHECK",
            "python -c \"import urllib.request; urllib.request.urlopen('http://localhost:{port}{path}', timeout=4)\"",
            "shell command that exits 0 while the web container serves (the default needs only Python: no curl); {port} and"
                    + " {path} stand for labs.web.port and labs.web.health-path (none: no health check)"),
    CONTAINER_ENVIRONMENT("labs.environment", "LABS_ENVIRONMENT", null,
            "extra container environment as KEY=VALUE,KEY=VALUE, applied by every deploy like env.NAME=VALUE entries"
                    + " of labs.properties (no secrets: config set --secret stores those)"),
    GITHUB_REPO("labs.github.repo", "LABS_GITHUB_REPO", null,
            "OWNER/NAME of the GitHub repository whose workflows may deploy (provision then creates the deploy role)"),
    GITHUB_REF("labs.github.ref", "LABS_GITHUB_REF", null,
            "branch or pattern the deploy role is limited to, e.g. main or release/* (default: any branch; never pull requests or tags)"),
    GITHUB_ENVIRONMENT("labs.github.environment", "LABS_GITHUB_ENVIRONMENT", null,
            "GitHub environment whose jobs may deploy, instead of branches (an environment can require reviewers)"),
    GITHUB_OWNER_ID("labs.github.owner-id", "LABS_GITHUB_OWNER_ID", null,
            "numeric id of the repository's owner, for GitHub's immutable subject claims (default: asked from the GitHub API)"),
    GITHUB_REPO_ID("labs.github.repo-id", "LABS_GITHUB_REPO_ID", null,
            "numeric id of the repository, for GitHub's immutable subject claims (default: asked from the GitHub API)"),
    GITHUB_API("labs.github.api", "LABS_GITHUB_API", "https://api.github.com",
            "GitHub REST API that provision asks for those ids, without credentials (none: do not ask)"),
    WEB_DESIRED_COUNT("labs.web.desired-count", "LABS_WEB_DESIRED_COUNT", "1",
            "tasks of the web service that deploy starts when the service is at 0"),
    WORKER_DESIRED_COUNT("labs.worker.desired-count", "LABS_WORKER_DESIRED_COUNT", "1",
            "tasks of the worker service that deploy starts when the service is at 0"),
    MIGRATE_COMMAND("labs.migrate.command", "LABS_MIGRATE_COMMAND", "/migrate",
            "command of the one-off migration task (upstream CommCare Connect: python manage.py migrate_multi --noinput)");

    final String key;
    final String environmentVariable;
    final String defaultValue;
    final String description;

    Setting(String key, String environmentVariable, String defaultValue, String description) {
        this.key = key;
        this.environmentVariable = environmentVariable;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    static Optional<Setting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    static String nearestKey(String unknown) {
        return Arrays.stream(values()).map(s -> s.key)
                .min(Comparator.comparingInt(k -> editDistance(k, unknown))).orElseThrow();
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            int[] current = new int[b.length() + 1];
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            previous = current;
        }
        return previous[b.length()];
    }
}
