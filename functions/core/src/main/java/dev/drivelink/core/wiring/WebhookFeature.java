package dev.drivelink.core.wiring;

import dev.drivelink.core.adapters.aws.DynamoChannelStore;
import dev.drivelink.core.adapters.aws.LambdaAwsClients;
import dev.drivelink.core.adapters.aws.SqsChangesQueue;
import dev.drivelink.core.changes.WebhookIntake;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The webhook's wiring, kept apart so its function starts fast: two AWS clients (DynamoDB, SQS), built
 * at once (so the first notification does not pay for them), and three environment variables. No
 * Drive, no KMS, no configuration mapping.
 */
public final class WebhookFeature {

    public static final String TABLE = "DRIVELINK_TABLE";
    public static final String QUEUE_URL = "DRIVELINK_CHANGES_QUEUE_URL";
    public static final String COALESCE_WINDOW = "DRIVELINK_CHANGES_COALESCE_WINDOW";

    private final WebhookIntake intake;

    public WebhookFeature(DynamoDbClient dynamo, SqsClient sqs, String table, String queueUrl, Duration coalesceWindow,
                          Clock clock) {
        this.intake = new WebhookIntake(new DynamoChannelStore(dynamo, table), new SqsChangesQueue(sqs, queueUrl, null),
                clock, coalesceWindow);
    }

    /**
     * As a Lambda has it: region, credentials and endpoint from the standard AWS environment, taken
     * straight from the variables Lambda sets (see {@link LambdaAwsClients}), which keeps the clients'
     * construction short.
     */
    public static WebhookFeature fromEnvironment(Map<String, String> env) {
        String table = required(env, TABLE);
        String queueUrl = required(env, QUEUE_URL);
        String window = env.get(COALESCE_WINDOW);
        LambdaAwsClients aws = LambdaAwsClients.of(env);
        return new WebhookFeature(aws.build(DynamoDbClient.builder()), aws.build(SqsClient.builder()), table, queueUrl,
                window == null || window.isBlank() ? Duration.ofSeconds(2) : Duration.parse(window), Clock.systemUTC());
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        return value;
    }

    public WebhookIntake intake() {
        return intake;
    }
}
