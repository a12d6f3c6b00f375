package dev.drivelink.core.wiring;

import java.util.function.Supplier;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS clients drivelink uses, each built when first asked for. As Lambda wants them: the light
 * URLConnection HTTP client; region, credentials and endpoint from the standard environment
 * (AWS_REGION, the execution role; locally AWS_ENDPOINT_URL).
 */
public final class AwsClients {

    private final Lazy<DynamoDbClient> dynamo;
    private final Lazy<KmsClient> kms;
    private final Lazy<EventBridgeClient> eventBridge;
    private final Lazy<S3Client> s3;
    private final Lazy<SqsClient> sqs;

    public AwsClients(Supplier<DynamoDbClient> dynamo, Supplier<KmsClient> kms, Supplier<EventBridgeClient> eventBridge,
                      Supplier<S3Client> s3, Supplier<SqsClient> sqs) {
        this.dynamo = Lazy.of(dynamo);
        this.kms = Lazy.of(kms);
        this.eventBridge = Lazy.of(eventBridge);
        this.s3 = Lazy.of(s3);
        this.sqs = Lazy.of(sqs);
    }

    /** Clients that exist already (tests, tools). */
    public static AwsClients of(DynamoDbClient dynamo, KmsClient kms, EventBridgeClient eventBridge, S3Client s3,
                                SqsClient sqs) {
        return new AwsClients(() -> dynamo, () -> kms, () -> eventBridge, () -> s3, () -> sqs);
    }

    public static AwsClients fromEnvironment() {
        Lazy<SdkHttpClient> http = Lazy.of(() -> UrlConnectionHttpClient.builder().build());
        return new AwsClients(() -> DynamoDbClient.builder().httpClient(http.get()).build(),
                () -> KmsClient.builder().httpClient(http.get()).build(),
                () -> EventBridgeClient.builder().httpClient(http.get()).build(),
                () -> S3Client.builder().httpClient(http.get()).forcePathStyle(true).build(),
                () -> SqsClient.builder().httpClient(http.get()).build());
    }

    public DynamoDbClient dynamo() {
        return dynamo.get();
    }

    public KmsClient kms() {
        return kms.get();
    }

    public EventBridgeClient eventBridge() {
        return eventBridge.get();
    }

    public S3Client s3() {
        return s3.get();
    }

    public SqsClient sqs() {
        return sqs.get();
    }
}
