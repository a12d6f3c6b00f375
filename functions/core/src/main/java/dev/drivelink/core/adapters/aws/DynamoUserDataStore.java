package dev.drivelink.core.adapters.aws;

import static dev.drivelink.core.adapters.aws.Attrs.s;
import static dev.drivelink.core.adapters.aws.Attrs.str;

import dev.drivelink.core.sync.retention.UserDataStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Finds a user's or a connection's items through their partitions and indexes (DATA.md, "Retention")
 * and deletes them in batches of 25. Never scans.
 */
public final class DynamoUserDataStore implements UserDataStore {

    private static final int BATCH = 25;
    private static final int MAX_ROUNDS = 8;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoUserDataStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public int deleteConnectionData(String connectionId, boolean keepConnection) {
        List<Map<String, AttributeValue>> keys = keys(QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(Keys.connectionPk(connectionId)))));
        if (keepConnection) {
            keys.removeIf(k -> Keys.CONNECTION_SK.equals(str(k, Keys.SK)));
        }
        // the connection's watch channels live in their own partitions (CHANNEL#id), indexed by connection
        keys.addAll(keys(QueryRequest.builder().tableName(table).indexName(Keys.GSI1)
                .keyConditionExpression("gsi1pk = :pk AND begins_with(gsi1sk, :channel)")
                .expressionAttributeValues(Map.of(":pk", s(Keys.connectionPk(connectionId)), ":channel", s("CHANNEL#")))));
        return delete(keys);
    }

    @Override
    public int deleteUserData(String userId) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (Map<String, AttributeValue> own : keys(QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(Keys.userPk(userId)))))) {
            Map<String, AttributeValue> job = UserUploads.jobKey(own);
            if (job != null) {
                keys.add(job);
            }
            keys.add(own);
        }
        keys.addAll(keys(QueryRequest.builder().tableName(table).indexName(Keys.GSI1)
                .keyConditionExpression("gsi1pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(Keys.activityUserPk(userId))))));
        return delete(keys);
    }

    @Override
    public List<String> revokedBefore(Instant cutoff) {
        List<String> ids = new ArrayList<>();
        for (Map<String, AttributeValue> key : keys(QueryRequest.builder().tableName(table).indexName(Keys.GSI2)
                .keyConditionExpression("gsi2pk = :pk and gsi2sk < :before")
                .expressionAttributeValues(Map.of(":pk", s(Keys.REVOKED_PK), ":before", s(Keys.revokedSk(cutoff, "")))))) {
            ids.add(str(key, Keys.PK).substring("CONN#".length()));
        }
        return ids;
    }

    @Override
    public void markPurged(String connectionId) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(Map.of(Keys.PK, s(Keys.connectionPk(connectionId)),
                            Keys.SK, s(Keys.CONNECTION_SK)))
                    .updateExpression("REMOVE gsi2pk, gsi2sk SET purgedAt = :now")
                    .conditionExpression("attribute_exists(pk) AND gsi2pk = :revoked")
                    .expressionAttributeValues(Map.of(":now", s(clock.instant().toString()), ":revoked", s(Keys.REVOKED_PK))));
        } catch (ConditionalCheckFailedException e) {
            // gone, or not in the revoked index any more: nothing to mark
        }
    }

    /** The primary keys of every item the query finds. */
    private List<Map<String, AttributeValue>> keys(QueryRequest.Builder query) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        dynamo.queryPaginator(query.projectionExpression("pk, sk").build()).items()
                .forEach(item -> keys.add(Map.of(Keys.PK, item.get(Keys.PK), Keys.SK, item.get(Keys.SK))));
        return keys;
    }

    private int delete(List<Map<String, AttributeValue>> keys) {
        for (int from = 0; from < keys.size(); from += BATCH) {
            List<WriteRequest> batch = new ArrayList<>();
            for (Map<String, AttributeValue> key : keys.subList(from, Math.min(keys.size(), from + BATCH))) {
                batch.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build());
            }
            List<WriteRequest> pending = batch;
            for (int round = 0; !pending.isEmpty(); round++) {
                if (round >= MAX_ROUNDS) {
                    throw new IllegalStateException(pending.size() + " deletes left unprocessed by DynamoDB; try again");
                }
                if (round > 0) {
                    sleep(50L << round);
                }
                List<WriteRequest> send = pending;
                var unprocessed = dynamo.batchWriteItem(r -> r.requestItems(Map.of(table, send))).unprocessedItems();
                pending = unprocessed == null ? List.of() : unprocessed.getOrDefault(table, List.of());
            }
        }
        return keys.size();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deleting", e);
        }
    }
}
