import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** The caller is a role in the fake account. */
class FakeSts implements StsClient {
    @Override
    public GetCallerIdentityResponse getCallerIdentity(GetCallerIdentityRequest request) {
        return GetCallerIdentityResponse.builder().account(FakeEcs.ACCOUNT)
                .arn("arn:aws:sts::" + FakeEcs.ACCOUNT + ":assumed-role/admin/labs").userId("AROAEXAMPLE:labs").build();
    }

    @Override
    public String serviceName() {
        return "sts";
    }

    @Override
    public void close() {
    }
}
