import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which GitHub Actions jobs may assume the deploy role: those of one repository that run on its
 * branches (or on one branch or pattern), or those that name one of its environments. GitHub puts
 * the job in the OIDC token's "sub" claim: repo:OWNER/NAME:ref:refs/heads/BRANCH, or
 * repo:OWNER/NAME:environment:ENV when the job has an environment; a pull request gets
 * repo:OWNER/NAME:pull_request and a tag refs/tags/TAG, which the default (branches) leaves out.
 * Repositories created, renamed or transferred since 15 July 2026, and older ones that opt in, get
 * immutable subject claims, with the owner's and the repository's numeric ids:
 * repo:OWNER@OWNER_ID/NAME@REPO_ID:... (GitHub changelog 2026-04-23, "Immutable subject claims for
 * GitHub Actions OIDC tokens"). That form is trusted only with the real ids, never with a wildcard
 * in their place: a wildcard would admit a new repository that took over the name.
 */
record GithubDeployer(String repository, String ref, String environment, String ownerId, String repositoryId) {
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9-]+/[A-Za-z0-9._-]+");
    private static final Pattern ID = Pattern.compile("[0-9]+");
    /** GitHub environment names; ':' would end the claim and '*' or '?' would be wildcards in the trust policy. */
    private static final Pattern ENVIRONMENT = Pattern.compile("[^:*?\\s](?:[^:*?]*[^:*?\\s])?");

    /** The deployer the settings describe, or null when no repository is set (no deploy role then). */
    static GithubDeployer from(Config config) {
        Resolved repository = config.resolve(Setting.GITHUB_REPO);
        if (repository.value() == null || repository.value().isBlank()) return null;
        if (!REPOSITORY.matcher(repository.value()).matches()) {
            throw LabsException.usage("The GitHub repository must look like OWNER/NAME, got '" + repository.value()
                    + "' from " + repository.source());
        }
        String ref = blankToNull(config.get(Setting.GITHUB_REF));
        Resolved environment = config.resolve(Setting.GITHUB_ENVIRONMENT);
        String environmentName = blankToNull(environment.value());
        if (environmentName != null && !ENVIRONMENT.matcher(environmentName).matches()) {
            throw LabsException.usage(Setting.GITHUB_ENVIRONMENT.key + " must be a GitHub environment name without ':', '*' or '?',"
                    + " got '" + environmentName + "' from " + environment.source());
        }
        if (environmentName != null && ref != null) {
            throw LabsException.usage(Setting.GITHUB_REF.key + " and " + Setting.GITHUB_ENVIRONMENT.key + " cannot both be set:"
                    + " a job with an environment gets the subject repo:" + repository.value() + ":environment:" + environmentName
                    + ", which names no branch; limit the environment to branches in GitHub (Settings, Environments,"
                    + " deployment branches) instead");
        }
        String ownerId = id(config, Setting.GITHUB_OWNER_ID);
        String repositoryId = id(config, Setting.GITHUB_REPO_ID);
        if ((ownerId == null) != (repositoryId == null)) {
            throw LabsException.usage("Set both " + Setting.GITHUB_OWNER_ID.key + " and " + Setting.GITHUB_REPO_ID.key
                    + " (gh api repos/" + repository.value() + " --jq '.owner.id, .id'), or neither");
        }
        return new GithubDeployer(repository.value(), ref, environmentName, ownerId, repositoryId);
    }

    boolean knowsIds() {
        return ownerId != null && repositoryId != null;
    }

    /** The same deployer with the ids GitHub gave, and the repository's name as GitHub spells it. */
    GithubDeployer withIds(String canonicalRepository, String owner, String repo) {
        return new GithubDeployer(canonicalRepository, ref, environment, owner, repo);
    }

    /** The "sub" claims the deploy role accepts: the name form, and the immutable form when the ids are known. */
    List<String> subjects() {
        List<String> subjects = new ArrayList<>(List.of("repo:" + repository + ":" + claim()));
        if (knowsIds()) {
            String[] ownerAndName = repository.split("/", 2);
            subjects.add("repo:" + ownerAndName[0] + "@" + ownerId + "/" + ownerAndName[1] + "@" + repositoryId + ":" + claim());
        }
        return subjects;
    }

    /** For plans and messages: "acme/app (branches)", "acme/app (main)", "acme/app (environment production)". */
    String who() {
        return repository + " (" + (environment != null ? "environment " + environment : ref != null ? ref : "branches") + ")";
    }

    private String claim() {
        if (environment != null) return "environment:" + environment;
        if (ref == null) return "ref:refs/heads/*";
        return "ref:" + (ref.startsWith("refs/") ? ref : "refs/heads/" + ref);
    }

    private static String id(Config config, Setting setting) {
        Resolved id = config.resolve(setting);
        String value = blankToNull(id.value());
        if (value != null && !ID.matcher(value).matches()) {
            throw LabsException.usage(setting.key + " must be GitHub's numeric id, got '" + value + "' from " + id.source());
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
