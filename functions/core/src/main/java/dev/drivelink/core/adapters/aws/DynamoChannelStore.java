package dev.drivelink.core.adapters.aws;

import static dev.drivelink.core.adapters.aws.Attrs.n;
import static dev.drivelink.core.adapters.aws.Attrs.putIfPresent;
import static dev.drivelink.core.adapters.aws.Attrs.s;
import static dev.drivelink.core.adapters.aws.Attrs.str;

import dev.drivelink.core.changes.ChannelState;
import dev.drivelink.core.changes.ChannelStore;
import dev.drivelink.core.changes.WatchChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Watch channels, one item each (see DATA.md): the webhook reads one by id, a connection's channels
 * are a Query on gsi1, renewal reads a range of gsi2 (PENDING and ACTIVE ones by expiration).
 */
public final class DynamoChannelStore implements ChannelStore {

    /** Stopped or expired channels stay this long for people reading the table, then DynamoDB removes them. */
    static final Duration KEEP_AFTER_END = Duration.ofDays(7);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoChannelStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void save(WatchChannel c) {
        dynamo.putItem(r -> r.tableName(table).item(item(c)));
    }

    @Override
    public Optional<WatchChannel> find(String channelId) {
        var item = dynamo.getItem(r -> r.tableName(table).key(Keys.channel(channelId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(channel(item));
    }

    @Override
    public List<WatchChannel> ofConnection(String connectionId) {
        List<WatchChannel> result = new ArrayList<>();
        var request = QueryRequest.builder().tableName(table).indexName(Keys.GSI1)
                .keyConditionExpression("gsi1pk = :pk and begins_with(gsi1sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(Keys.connectionItemsPk(connectionId)),
                        ":prefix", s(Keys.CHANNEL_PK_PREFIX)))
                .build();
        dynamo.queryPaginator(request).items().forEach(item -> result.add(channel(item)));
        return result;
    }

    @Override
    public List<String> expiringBefore(Instant before) {
        List<String> ids = new ArrayList<>();
        var request = QueryRequest.builder().tableName(table).indexName(Keys.GSI2)
                .keyConditionExpression("gsi2pk = :pk and gsi2sk < :before")
                .expressionAttributeValues(Map.of(":pk", s(Keys.CHANNEL_EXPIRY_PK), ":before", s(Keys.byTime(before, ""))))
                .build();
        dynamo.queryPaginator(request).items().forEach(item ->
                ids.add(str(item, Keys.PK).substring(Keys.CHANNEL_PK_PREFIX.length())));
        return ids;
    }

    @Override
    public Optional<WatchChannel> acceptNotification(String channelId, String tokenHash, String resourceId, long number,
                                                     Instant now) {
        try {
            var updated = dynamo.updateItem(r -> r.tableName(table).key(Keys.channel(channelId))
                    .updateExpression("SET lastMessageNumber = :n")
                    .conditionExpression("tokenHash = :hash AND resourceId = :resource AND #state = :active"
                            + " AND expiresAtMillis > :now"
                            + " AND (attribute_not_exists(lastMessageNumber) OR lastMessageNumber < :n)")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":n", n(number), ":hash", s(tokenHash),
                            ":resource", s(resourceId == null ? "" : resourceId), ":active", s(ChannelState.ACTIVE.name()),
                            ":now", n(now.toEpochMilli())))
                    .returnValues(ReturnValue.ALL_OLD)).attributes();
            return Optional.of(channel(updated));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public void withdrawMessage(String channelId, long number, long previous) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(Keys.channel(channelId))
                    .updateExpression("SET lastMessageNumber = :previous")
                    .conditionExpression("lastMessageNumber = :n")
                    .expressionAttributeValues(Map.of(":n", n(number), ":previous", n(previous))));
        } catch (ConditionalCheckFailedException e) {
            // a later notification was accepted meanwhile: its work covers this one's
        }
    }

    @Override
    public void markStopped(String channelId, Instant at) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(Keys.channel(channelId))
                    .updateExpression("SET #state = :stopped, stoppedAt = :at, #ttl = :ttl REMOVE gsi2pk, gsi2sk")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeNames(Map.of("#state", "state", "#ttl", Keys.TTL))
                    .expressionAttributeValues(Map.of(":stopped", s(ChannelState.STOPPED.name()), ":at", s(at.toString()),
                            ":ttl", n(at.plus(KEEP_AFTER_END).getEpochSecond()))));
        } catch (ConditionalCheckFailedException e) {
            // never stored: nothing to stop
        }
    }

    static Map<String, AttributeValue> item(WatchChannel c) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.channel(c.channelId()));
        item.put(Keys.TYPE, s("watch-channel"));
        item.put("channelId", s(c.channelId()));
        item.put("connectionId", s(c.connectionId()));
        item.put("userId", s(c.userId()));
        putIfPresent(item, "resourceId", c.resourceId());
        item.put("tokenHash", s(c.tokenHash()));
        item.put("expiration", s(c.expiration().toString()));
        item.put("expiresAtMillis", n(c.expiration().toEpochMilli()));
        putIfPresent(item, "startPageToken", c.startPageToken());
        item.put("state", s(c.state().name()));
        if (c.lastMessageNumber() > 0) {
            item.put("lastMessageNumber", n(c.lastMessageNumber()));
        }
        item.put("createdAt", s(c.createdAt().toString()));
        putIfPresent(item, "stoppedAt", c.stoppedAt() == null ? null : c.stoppedAt().toString());
        item.put(Keys.GSI1_PK, s(Keys.connectionItemsPk(c.connectionId())));
        item.put(Keys.GSI1_SK, s(Keys.connectionChannelSk(c.createdAt(), c.channelId())));
        if (c.state() != ChannelState.STOPPED) {
            item.put(Keys.GSI2_PK, s(Keys.CHANNEL_EXPIRY_PK));
            item.put(Keys.GSI2_SK, s(Keys.byTime(c.expiration(), c.channelId())));
        }
        Instant end = c.stoppedAt() != null && c.stoppedAt().isBefore(c.expiration()) ? c.stoppedAt() : c.expiration();
        item.put(Keys.TTL, n(end.plus(KEEP_AFTER_END).getEpochSecond()));
        return item;
    }

    static WatchChannel channel(Map<String, AttributeValue> item) {
        return new WatchChannel(str(item, "channelId"), str(item, "connectionId"), str(item, "userId"),
                str(item, "resourceId"), str(item, "tokenHash"), Attrs.instant(item, "expiration"),
                str(item, "startPageToken"), ChannelState.valueOf(str(item, "state")),
                Attrs.num(item, "lastMessageNumber", 0), Attrs.instant(item, "createdAt"), Attrs.instant(item, "stoppedAt"));
    }
}
