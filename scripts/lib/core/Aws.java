import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * AWS clients of one run: created lazily, only for the services a command uses, all sharing one
 * URLConnection HTTP client (so the heavier HTTP clients on the classpath are never initialised),
 * closed at exit. Endpoints follow AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>, which the SDK's
 * default builders read themselves.
 */
final class Aws implements AutoCloseable {
    private static final Map<String, String> IAM_PREFIXES = Map.of("CloudWatchLogs", "logs");

    private final String configuredRegion;
    private final String profile;
    private final Map<Class<?>, SdkClient> clients = new ConcurrentHashMap<>();
    private volatile SdkHttpClient httpClient;
    private volatile Region region;
    private volatile String lastOperation;
    private final boolean fakesOnly;

    private Aws(String configuredRegion, String profile, boolean fakesOnly) {
        this.configuredRegion = configuredRegion;
        this.profile = profile;
        this.fakesOnly = fakesOnly;
    }

    static Aws of(Config config) {
        return new Aws(config.get(Setting.REGION), config.get(Setting.PROFILE), false);
    }

    /** For tests: clients handed in, nothing resolved or created (a client not handed in fails its calls, never reaches AWS). */
    static Aws withClients(String region, Map<Class<?>, ? extends SdkClient> fakes) {
        Aws aws = new Aws(region, null, true);
        aws.clients.putAll(fakes);
        aws.region = Region.of(region);
        return aws;
    }

    <T extends SdkClient, B extends AwsClientBuilder<B, T> & AwsSyncClientBuilder<B, T>> T client(Class<T> type,
            Supplier<B> builder) {
        return client(type, builder, region());
    }

    /** A client of a service that answers in another region than the stack's (the Price List API). */
    @SuppressWarnings("unchecked")
    <T extends SdkClient, B extends AwsClientBuilder<B, T> & AwsSyncClientBuilder<B, T>> T client(Class<T> type,
            Supplier<B> builder, Region endpointRegion) {
        if (fakesOnly && !clients.containsKey(type)) {
            throw SdkClientException.create("no " + type.getSimpleName() + " was handed in, and this run never reaches AWS");
        }
        return (T) clients.computeIfAbsent(type, unused -> builder.get()
                .region(endpointRegion)
                .credentialsProvider(credentials())
                .httpClient(httpClient())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new OperationTracker()))
                .build());
    }

    Region region() {
        if (region == null) {
            region = configuredRegion != null ? Region.of(configuredRegion) : regionOfProfile();
        }
        return region;
    }

    String profile() {
        return profile;
    }

    /** "service:Operation" of the last AWS call, to name the action in an access-denied message. */
    String lastOperation() {
        return lastOperation;
    }

    private Region regionOfProfile() {
        try {
            DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
            if (profile != null) chain.profileName(profile);
            return chain.build().getRegion();
        } catch (SdkClientException e) {
            throw LabsException.usage("No AWS region: pass --region, set AWS_REGION, or put labs.region in "
                    + Config.FILE_NAME + (profile == null ? "" : " (profile '" + profile + "' names none)"));
        }
    }

    private AwsCredentialsProvider credentials() {
        return profile != null
                ? ProfileCredentialsProvider.builder().profileName(profile).build()
                : DefaultCredentialsProvider.builder().build();
    }

    private synchronized SdkHttpClient httpClient() {
        if (httpClient == null) httpClient = UrlConnectionHttpClient.builder().build();
        return httpClient;
    }

    @Override
    public void close() {
        clients.values().forEach(SdkClient::close);
        if (httpClient != null) httpClient.close();
    }

    private final class OperationTracker implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
            String prefix = IAM_PREFIXES.getOrDefault(service, String.valueOf(service).toLowerCase());
            lastOperation = prefix + ":" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        }
    }
}
