import software.amazon.awssdk.services.sts.StsClient;

/** Every call labs makes to STS: who the credentials belong to. */
final class Sts {
    private final StsClient sts;

    Sts(LabsOptions labs) {
        this.sts = labs.aws().client(StsClient.class, StsClient::builder);
    }

    /** GetCallerIdentity: the account the credentials act in. */
    String account() {
        return sts.getCallerIdentity(r -> { }).account();
    }
}
