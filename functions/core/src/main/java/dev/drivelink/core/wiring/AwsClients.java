package dev.drivelink.core.wiring;

import dev.drivelink.core.adapters.aws.LambdaAwsClients;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS clients drivelink uses, each built when first asked for (a function builds only the clients its
 * feature touches). As Lambda wants them: see {@link LambdaAwsClients} (one URLConnection HTTP client;
 * region and credentials straight from Lambda's variables; endpoints from the standard environment).
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
        LambdaAwsClients lambda = LambdaAwsClients.process();
        return new AwsClients(() -> lambda.build(DynamoDbClient.builder()),
                () -> lambda.build(KmsClient.builder()),
                () -> lambda.build(EventBridgeClient.builder()),
                () -> lambda.build(S3Client.builder().forcePathStyle(true)),
                () -> lambda.build(SqsClient.builder()));
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
