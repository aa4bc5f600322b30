import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/** Every call labs makes to IAM: roles, their policies and the GitHub OIDC provider. */
final class Iam {
    private final IamClient iam;
    private final Names names;
    private final Console console;

    Iam(LabsOptions labs) {
        this.iam = labs.aws().client(IamClient.class, IamClient::builder);
        this.names = labs.names();
        this.console = labs.console();
    }

    Observed.Role findRole(String name) {
        Role role;
        try {
            role = iam.getRole(r -> r.roleName(name)).role();
        } catch (NoSuchEntityException e) {
            return null;
        }
        Set<String> attached = iam.listAttachedRolePoliciesPaginator(r -> r.roleName(name)).attachedPolicies().stream()
                .map(AttachedPolicy::policyArn).collect(Collectors.toSet());
        Map<String, String> inline = new LinkedHashMap<>();
        for (String policyName : iam.listRolePoliciesPaginator(r -> r.roleName(name)).policyNames()) {
            inline.put(policyName, decode(iam.getRolePolicy(r -> r.roleName(name).policyName(policyName)).policyDocument()));
        }
        String prefixTag = role.tags().stream().filter(t -> Names.PREFIX_TAG.equals(t.key())).map(Tag::value)
                .findFirst().orElse(null);
        return new Observed.Role(name, role.arn(), decode(role.assumeRolePolicyDocument()), attached, inline, prefixTag);
    }

    /** IAM returns policy documents URL-encoded (IAM API reference, GetRole and GetRolePolicy). */
    private static String decode(String document) {
        return document == null ? null : URLDecoder.decode(document, StandardCharsets.UTF_8);
    }

    String createRole(String name, String trustPolicy, String description) {
        String arn = iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trustPolicy).description(description)
                .tags(tags())).role().arn();
        console.detail("  created IAM role " + name);
        return arn;
    }

    void updateTrust(String role, String trustPolicy) {
        iam.updateAssumeRolePolicy(r -> r.roleName(role).policyDocument(trustPolicy));
    }

    void attach(String role, String policyArn) {
        iam.attachRolePolicy(r -> r.roleName(role).policyArn(policyArn));
    }

    void putPolicy(String role, String policyName, String document) {
        iam.putRolePolicy(r -> r.roleName(role).policyName(policyName).policyDocument(document));
    }

    /** The account's GitHub Actions OIDC provider, if there is one. */
    String findOidcProvider() {
        return iam.listOpenIDConnectProviders(r -> { }).openIDConnectProviderList().stream()
                .map(p -> p.arn()).filter(arn -> arn.endsWith("/" + Policies.GITHUB_OIDC_HOST)).findFirst().orElse(null);
    }

    /** Without thumbprints: IAM trusts GitHub's certificate authority itself (CreateOpenIDConnectProvider). */
    String createOidcProvider() {
        String arn = iam.createOpenIDConnectProvider(r -> r.url("https://" + Policies.GITHUB_OIDC_HOST)
                .clientIDList(Policies.GITHUB_AUDIENCE).tags(Tag.builder().key("managed-by").value("labs").build()))
                .openIDConnectProviderArn();
        console.detail("  created OIDC provider " + Policies.GITHUB_OIDC_HOST);
        return arn;
    }

    /** A role goes only without policies: inline ones deleted, managed ones detached first. */
    void deleteRole(String name) {
        for (String policyName : iam.listRolePoliciesPaginator(r -> r.roleName(name)).policyNames()) {
            iam.deleteRolePolicy(r -> r.roleName(name).policyName(policyName));
        }
        for (AttachedPolicy policy : iam.listAttachedRolePoliciesPaginator(r -> r.roleName(name)).attachedPolicies()) {
            iam.detachRolePolicy(r -> r.roleName(name).policyArn(policy.policyArn()));
        }
        iam.deleteRole(r -> r.roleName(name));
    }

    private List<Tag> tags() {
        return names.tags().entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
    }
}
