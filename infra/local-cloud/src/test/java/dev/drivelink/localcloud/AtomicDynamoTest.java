package dev.drivelink.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * DynamoDB applies a conditional update atomically. Plain moto does not under concurrent requests: 100
 * "take the first id of the list" updates from 20 threads handed out the same id several times (85-96
 * distinct of 100 in five rounds), which is how two uploads once got one Drive file id. local-cloud's
 * moto serves DynamoDB requests one at a time; this holds it to that.
 */
class AtomicDynamoTest {

    @Test
    void concurrentConditionalTakesNeverHandOutTheSameValueTwice() throws Exception {
        DynamoDbClient dynamo = LocalAws.shared().dynamoDb();
        String table = "atomic-" + UUID.randomUUID();
        dynamo.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S)));
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("pool"));
        List<AttributeValue> ids = IntStream.range(0, 200).mapToObj(i -> AttributeValue.fromS("id" + i)).toList();
        dynamo.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("pool"), "ids", AttributeValue.fromL(ids))));

        List<Future<Optional<String>>> takes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            for (int i = 0; i < 200; i++) {
                takes.add(pool.submit(() -> {
                    try {
                        var old = dynamo.updateItem(r -> r.tableName(table).key(key).updateExpression("REMOVE ids[0]")
                                .conditionExpression("attribute_exists(ids[0])")
                                .returnValues(ReturnValue.UPDATED_OLD)).attributes();
                        return Optional.of(old.get("ids").l().get(0).s());
                    } catch (ConditionalCheckFailedException e) {
                        return Optional.<String>empty();
                    }
                }));
            }
            List<String> taken = new ArrayList<>();
            for (var take : takes) {
                take.get().ifPresent(taken::add);
            }
            assertThat(taken).hasSize(200);
            assertThat(new HashSet<>(taken)).hasSize(200);
        } finally {
            pool.shutdownNow();
            dynamo.deleteTable(r -> r.tableName(table));
        }
    }

    /**
     * local-cloud's moto undoes a cancelled transaction item by item (moto itself deep-copies every table
     * a transaction touches, which made each transaction cost as much as the table is large).
     */
    @Test
    void aCancelledTransactionLeavesEveryItemAsItWasAndACompletedOneAppliesAll() {
        DynamoDbClient dynamo = LocalAws.shared().dynamoDb();
        String table = "transact-" + UUID.randomUUID();
        dynamo.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S)));
        try {
            for (String sk : List.of("kept", "updated", "deleted")) {
                dynamo.putItem(r -> r.tableName(table).item(item(sk, "before")));
            }
            List<TransactWriteItem> cancelled = List.of(
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(item("new", "written"))).build(),
                    TransactWriteItem.builder().update(u -> u.tableName(table).key(key("updated"))
                            .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", AttributeValue.fromS("written")))).build(),
                    TransactWriteItem.builder().delete(d -> d.tableName(table).key(key("deleted"))).build(),
                    TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key("kept"))
                            .conditionExpression("v = :other").expressionAttributeValues(Map.of(":other", AttributeValue.fromS("other")))).build());
            assertThatThrownBy(() -> dynamo.transactWriteItems(r -> r.transactItems(cancelled)))
                    .isInstanceOf(TransactionCanceledException.class);
            assertThat(value(dynamo, table, "new")).as("a put of the cancelled transaction").isEmpty();
            assertThat(value(dynamo, table, "updated")).as("an update of the cancelled transaction").contains("before");
            assertThat(value(dynamo, table, "deleted")).as("a delete of the cancelled transaction").contains("before");

            dynamo.transactWriteItems(r -> r.transactItems(cancelled.subList(0, 3)));
            assertThat(value(dynamo, table, "new")).contains("written");
            assertThat(value(dynamo, table, "updated")).contains("written");
            assertThat(value(dynamo, table, "deleted")).isEmpty();
            assertThat(value(dynamo, table, "kept")).contains("before");
        } finally {
            dynamo.deleteTable(r -> r.tableName(table));
        }
    }

    private static Map<String, AttributeValue> key(String sk) {
        return Map.of("pk", AttributeValue.fromS("p"), "sk", AttributeValue.fromS(sk));
    }

    private static Map<String, AttributeValue> item(String sk, String value) {
        return Map.of("pk", AttributeValue.fromS("p"), "sk", AttributeValue.fromS(sk), "v", AttributeValue.fromS(value));
    }

    private static Optional<String> value(DynamoDbClient dynamo, String table, String sk) {
        var found = dynamo.getItem(r -> r.tableName(table).key(key(sk)).consistentRead(true)).item();
        return found == null || found.isEmpty() ? Optional.empty() : Optional.of(found.get("v").s());
    }
}
