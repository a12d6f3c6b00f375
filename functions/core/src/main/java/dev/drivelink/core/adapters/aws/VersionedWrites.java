package dev.drivelink.core.adapters.aws;

import static dev.drivelink.core.adapters.aws.Attrs.n;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Optimistic locking on a {@code version} attribute: a write lands only over the version it read. */
final class VersionedWrites {

    private VersionedWrites() {
    }

    /**
     * Puts {@code item} if the stored item's version is {@code expectedVersion} (0: only if none is stored).
     *
     * @return false when someone else wrote in between
     */
    static boolean put(DynamoDbClient dynamo, String table, Map<String, AttributeValue> item, long expectedVersion) {
        try {
            if (expectedVersion == 0) {
                dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            } else {
                dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("version = :v")
                        .expressionAttributeValues(Map.of(":v", n(expectedVersion))));
            }
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
