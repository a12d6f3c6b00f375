package dev.drivelink.localcloud;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Run in its own JVM by {@link ServiceEndpointsTest}: AWS SDK clients built the way drivelink's
 * functions build them (no endpoint in code: region, credentials and endpoints from the environment)
 * print what they see, one "service name" line per table, secret and queue.
 */
public final class SdkEndpointProbe {

    private SdkEndpointProbe() {
    }

    public static void main(String[] args) {
        try (DynamoDbClient dynamoDb = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
                SecretsManagerClient secrets = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
                SqsClient sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            dynamoDb.listTables().tableNames().forEach(name -> System.out.println("dynamodb " + name));
            secrets.listSecrets().secretList().forEach(secret -> System.out.println("secretsmanager " + secret.name()));
            sqs.listQueues().queueUrls().forEach(url -> System.out.println("sqs " + url.substring(url.lastIndexOf('/') + 1)));
        }
    }
}
