import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.*;

/**
 * In-memory IAM (API reference): GetRole and GetRolePolicy return policy documents URL-encoded,
 * an unknown role is NoSuchEntityException, an existing name EntityAlreadyExistsException, a
 * document that is not JSON MalformedPolicyDocumentException, and a role with policies cannot be
 * deleted (DeleteConflictException). OIDC providers are account-wide, one per URL.
 */
class FakeIam implements IamClient {
    Faults faults = new Faults();
    final Map<String, Role> roles = new LinkedHashMap<>();
    final Map<String, Set<String>> attached = new LinkedHashMap<>();
    final Map<String, Map<String, String>> inline = new LinkedHashMap<>();
    final List<String> oidcProviders = new ArrayList<>();
    final List<String> deletedOidcProviders = new ArrayList<>();

    private Role require(String name) {
        Role role = roles.get(name);
        if (role == null) throw NoSuchEntityException.builder().statusCode(404).message("The role with name " + name + " cannot be found.").build();
        return role;
    }

    private static void requireJson(String document) {
        try {
            JsonNode.parser().parse(document).field("Statement").orElseThrow();
        } catch (RuntimeException e) {
            throw MalformedPolicyDocumentException.builder().statusCode(400).message("Syntax errors in policy.").build();
        }
    }

    private static String encoded(String document) {
        return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
    }

    String trust(String role) {
        return require(role).assumeRolePolicyDocument();
    }

    @Override
    public GetRoleResponse getRole(GetRoleRequest request) {
        Role role = require(request.roleName());
        return GetRoleResponse.builder().role(role.toBuilder().assumeRolePolicyDocument(encoded(role.assumeRolePolicyDocument())).build()).build();
    }

    @Override
    public ListAttachedRolePoliciesResponse listAttachedRolePolicies(ListAttachedRolePoliciesRequest request) {
        require(request.roleName());
        return ListAttachedRolePoliciesResponse.builder().isTruncated(false).attachedPolicies(attached.get(request.roleName()).stream()
                .map(arn -> AttachedPolicy.builder().policyArn(arn).policyName(arn.substring(arn.lastIndexOf('/') + 1)).build()).toList()).build();
    }

    @Override
    public ListRolePoliciesResponse listRolePolicies(ListRolePoliciesRequest request) {
        require(request.roleName());
        return ListRolePoliciesResponse.builder().isTruncated(false).policyNames(inline.get(request.roleName()).keySet()).build();
    }

    @Override
    public GetRolePolicyResponse getRolePolicy(GetRolePolicyRequest request) {
        require(request.roleName());
        String document = inline.get(request.roleName()).get(request.policyName());
        if (document == null) throw NoSuchEntityException.builder().statusCode(404).message("The role policy with name " + request.policyName() + " cannot be found.").build();
        return GetRolePolicyResponse.builder().roleName(request.roleName()).policyName(request.policyName()).policyDocument(encoded(document)).build();
    }

    @Override
    public CreateRoleResponse createRole(CreateRoleRequest request) {
        return faults.call("iam:CreateRole", () -> {
            if (roles.containsKey(request.roleName())) {
                throw EntityAlreadyExistsException.builder().statusCode(409).message("Role with name " + request.roleName() + " already exists.").build();
            }
            requireJson(request.assumeRolePolicyDocument());
            Role role = Role.builder().roleName(request.roleName()).arn("arn:aws:iam::" + FakeEcs.ACCOUNT + ":role/" + request.roleName())
                    .assumeRolePolicyDocument(request.assumeRolePolicyDocument()).description(request.description()).tags(request.tags()).build();
            roles.put(request.roleName(), role);
            attached.put(request.roleName(), new LinkedHashSet<>());
            inline.put(request.roleName(), new LinkedHashMap<>());
            return CreateRoleResponse.builder().role(role).build();
        });
    }

    @Override
    public UpdateAssumeRolePolicyResponse updateAssumeRolePolicy(UpdateAssumeRolePolicyRequest request) {
        return faults.call("iam:UpdateAssumeRolePolicy", () -> {
            Role role = require(request.roleName());
            requireJson(request.policyDocument());
            roles.put(role.roleName(), role.toBuilder().assumeRolePolicyDocument(request.policyDocument()).build());
            return UpdateAssumeRolePolicyResponse.builder().build();
        });
    }

    @Override
    public AttachRolePolicyResponse attachRolePolicy(AttachRolePolicyRequest request) {
        return faults.call("iam:AttachRolePolicy", () -> {
            require(request.roleName());
            attached.get(request.roleName()).add(request.policyArn());
            return AttachRolePolicyResponse.builder().build();
        });
    }

    @Override
    public PutRolePolicyResponse putRolePolicy(PutRolePolicyRequest request) {
        return faults.call("iam:PutRolePolicy", () -> {
            require(request.roleName());
            requireJson(request.policyDocument());
            inline.get(request.roleName()).put(request.policyName(), request.policyDocument());
            return PutRolePolicyResponse.builder().build();
        });
    }

    @Override
    public DeleteRolePolicyResponse deleteRolePolicy(DeleteRolePolicyRequest request) {
        return faults.call("iam:DeleteRolePolicy", () -> {
            require(request.roleName());
            inline.get(request.roleName()).remove(request.policyName());
            return DeleteRolePolicyResponse.builder().build();
        });
    }

    @Override
    public DetachRolePolicyResponse detachRolePolicy(DetachRolePolicyRequest request) {
        return faults.call("iam:DetachRolePolicy", () -> {
            require(request.roleName());
            attached.get(request.roleName()).remove(request.policyArn());
            return DetachRolePolicyResponse.builder().build();
        });
    }

    @Override
    public DeleteRoleResponse deleteRole(DeleteRoleRequest request) {
        return faults.call("iam:DeleteRole", () -> {
            require(request.roleName());
            if (!attached.get(request.roleName()).isEmpty() || !inline.get(request.roleName()).isEmpty()) {
                throw DeleteConflictException.builder().statusCode(409).message("Cannot delete entity, must delete policies first.").build();
            }
            roles.remove(request.roleName());
            attached.remove(request.roleName());
            inline.remove(request.roleName());
            return DeleteRoleResponse.builder().build();
        });
    }

    @Override
    public ListOpenIdConnectProvidersResponse listOpenIDConnectProviders(ListOpenIdConnectProvidersRequest request) {
        return ListOpenIdConnectProvidersResponse.builder().openIDConnectProviderList(oidcProviders.stream()
                .map(arn -> OpenIDConnectProviderListEntry.builder().arn(arn).build()).toList()).build();
    }

    @Override
    public CreateOpenIdConnectProviderResponse createOpenIDConnectProvider(CreateOpenIdConnectProviderRequest request) {
        return faults.call("iam:CreateOpenIDConnectProvider", () -> {
            String arn = "arn:aws:iam::" + FakeEcs.ACCOUNT + ":oidc-provider/" + request.url().replaceFirst("^https://", "");
            if (oidcProviders.contains(arn)) {
                throw EntityAlreadyExistsException.builder().statusCode(409).message("Provider with url " + request.url() + " already exists.").build();
            }
            oidcProviders.add(arn);
            return CreateOpenIdConnectProviderResponse.builder().openIDConnectProviderArn(arn).build();
        });
    }

    @Override
    public DeleteOpenIdConnectProviderResponse deleteOpenIDConnectProvider(DeleteOpenIdConnectProviderRequest request) {
        return faults.call("iam:DeleteOpenIDConnectProvider", () -> {
            oidcProviders.remove(request.openIDConnectProviderArn());
            deletedOidcProviders.add(request.openIDConnectProviderArn());
            return DeleteOpenIdConnectProviderResponse.builder().build();
        });
    }

    @Override
    public String serviceName() {
        return "iam";
    }

    @Override
    public void close() {
    }
}
