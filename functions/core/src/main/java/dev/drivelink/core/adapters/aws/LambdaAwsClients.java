package dev.drivelink.core.adapters.aws;

import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The one place that builds AWS SDK clients the way a Lambda function wants them (the SDK's own
 * advice for Lambda start-up): the light URLConnection HTTP client, one per process, shared by every
 * client; the region straight from {@code AWS_REGION} and the credentials straight from the
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}/{@code AWS_SESSION_TOKEN} variables Lambda
 * sets, so no provider chain is walked (no profile files, no instance metadata). When a variable is
 * missing (SnapStart functions get their credentials from the container endpoint instead, a developer's
 * machine may use a profile) that part falls back to the SDK's default chain. Endpoints stay the SDK's
 * ({@code AWS_ENDPOINT_URL_<SERVICE>} / {@code AWS_ENDPOINT_URL} locally).
 */
public final class LambdaAwsClients {

    private static final LambdaAwsClients PROCESS = new LambdaAwsClients(System.getenv());

    private final Map<String, String> env;
    private final Supplier<SdkHttpClient> http;

    private LambdaAwsClients(Map<String, String> env) {
        this.env = env;
        this.http = new Supplier<>() {
            private SdkHttpClient client;

            @Override
            public synchronized SdkHttpClient get() {
                if (client == null) {
                    client = UrlConnectionHttpClient.builder().build();
                }
                return client;
            }
        };
    }

    /** For this process: its environment, one HTTP client for all its AWS clients. */
    public static LambdaAwsClients process() {
        return PROCESS;
    }

    /** For the environment {@code env} (a handler given its variables), with an HTTP client of its own. */
    public static LambdaAwsClients of(Map<String, String> env) {
        return env == System.getenv() ? PROCESS : new LambdaAwsClients(Map.copyOf(env));
    }

    /**
     * Builds the client {@code builder} describes (for example {@code DynamoDbClient.builder()}) with
     * the shared HTTP client, the region and the credentials from the environment; anything the caller
     * set on the builder besides stays.
     */
    public <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C build(B builder) {
        builder.httpClient(http.get());
        String region = env.get("AWS_REGION");
        if (region != null && !region.isBlank()) {
            builder.region(Region.of(region));
        }
        if (present("AWS_ACCESS_KEY_ID") && present("AWS_SECRET_ACCESS_KEY")) {
            builder.credentialsProvider(EnvironmentVariableCredentialsProvider.create());
        }
        return builder.build();
    }

    private boolean present(String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }
}
