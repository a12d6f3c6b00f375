package dev.drivelink.core.adapters.aws;

import static dev.drivelink.core.adapters.aws.Attrs.n;
import static dev.drivelink.core.adapters.aws.Attrs.putIfPresent;
import static dev.drivelink.core.adapters.aws.Attrs.s;
import static dev.drivelink.core.adapters.aws.Attrs.str;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drivelink.core.changes.ChangeBatch;
import dev.drivelink.core.changes.ChangeCursor;
import dev.drivelink.core.changes.ChangeLogStore;
import dev.drivelink.core.changes.CursorStore;
import dev.drivelink.core.changes.FileChange;
import dev.drivelink.core.changes.FolderCache;
import dev.drivelink.core.sync.settings.SyncFrequency;
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

/**
 * Change cursors (one item per connection; the backstop reads a range of gsi2 by due time), the change
 * log (items under the connection with a TTL) and the invalidation of cached folder paths.
 */
public final class DynamoChangeStore implements CursorStore, ChangeLogStore, FolderCache {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoChangeStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    // ---- cursor -------------------------------------------------------------------------------------

    @Override
    public Optional<ChangeCursor> find(String connectionId) {
        var item = dynamo.getItem(r -> r.tableName(table).key(Keys.cursor(connectionId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(cursor(item));
    }

    @Override
    public boolean createIfAbsent(ChangeCursor cursor) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(item(cursor)).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void save(ChangeCursor cursor, long expectedVersion) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(item(cursor)).conditionExpression("version = :v")
                    .expressionAttributeValues(Map.of(":v", n(expectedVersion))));
        } catch (ConditionalCheckFailedException e) {
            throw new StaleCursorException(cursor.connectionId());
        }
    }

    @Override
    public void recordFailure(ChangeCursor cursor, String error, Instant at, Instant nextDue) {
        String text = error == null ? "failed" : error.length() > 1000 ? error.substring(0, 1000) : error;
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":e", s(text), ":at", s(at.toString()),
                ":v", n(cursor.version())));
        String update = "SET lastError = :e, lastRunAt = :at";
        if (nextDue != null) {
            update += ", dueAt = :due, gsi2sk = :dueKey";
            values.put(":due", s(nextDue.toString()));
            values.put(":dueKey", s(Keys.byTime(nextDue, cursor.connectionId())));
        }
        String expression = update;
        try {
            dynamo.updateItem(r -> r.tableName(table).key(Keys.cursor(cursor.connectionId())).updateExpression(expression)
                    .conditionExpression("version = :v").expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            // the cursor moved meanwhile: its own record is newer than this failure
        }
    }

    @Override
    public List<String> dueBefore(Instant before) {
        List<String> ids = new ArrayList<>();
        var request = QueryRequest.builder().tableName(table).indexName(Keys.GSI2)
                .keyConditionExpression("gsi2pk = :pk and gsi2sk < :before")
                .expressionAttributeValues(Map.of(":pk", s(Keys.CHANGES_DUE_PK), ":before", s(Keys.byTime(before, ""))))
                .build();
        dynamo.queryPaginator(request).items().forEach(item -> ids.add(str(item, Keys.PK).substring("CONN#".length())));
        return ids;
    }

    static Map<String, AttributeValue> item(ChangeCursor c) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.cursor(c.connectionId()));
        item.put(Keys.TYPE, s("change-cursor"));
        item.put("connectionId", s(c.connectionId()));
        item.put("pageToken", s(c.pageToken()));
        item.put("version", n(c.version()));
        item.put("frequency", s(c.frequency().name()));
        item.put("createdAt", s(c.createdAt().toString()));
        putIfPresent(item, "lastRunAt", c.lastRunAt() == null ? null : c.lastRunAt().toString());
        putIfPresent(item, "lastSuccessAt", c.lastSuccessAt() == null ? null : c.lastSuccessAt().toString());
        putIfPresent(item, "lastError", c.lastError());
        if (c.dueAt() != null) {
            item.put("dueAt", s(c.dueAt().toString()));
            item.put(Keys.GSI2_PK, s(Keys.CHANGES_DUE_PK));
            item.put(Keys.GSI2_SK, s(Keys.byTime(c.dueAt(), c.connectionId())));
        }
        return item;
    }

    static ChangeCursor cursor(Map<String, AttributeValue> item) {
        return new ChangeCursor(str(item, "connectionId"), str(item, "pageToken"), Attrs.num(item, "version", 1),
                SyncFrequency.valueOf(str(item, "frequency")), Attrs.instant(item, "createdAt"),
                Attrs.instant(item, "lastRunAt"), Attrs.instant(item, "lastSuccessAt"), str(item, "lastError"),
                Attrs.instant(item, "dueAt"));
    }

    // ---- change log ---------------------------------------------------------------------------------

    @Override
    public void record(ChangeBatch batch, int part, int parts, List<FileChange> changes, Instant recordedAt,
                       Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.changeLog(batch.connectionId(), batch.sequence(), part));
        item.put(Keys.TYPE, s("change-log"));
        item.put("connectionId", s(batch.connectionId()));
        item.put("sequence", n(batch.sequence()));
        item.put("part", n(part));
        item.put("parts", n(parts));
        item.put("fromPageToken", s(batch.fromPageToken()));
        item.put("toPageToken", s(batch.toPageToken()));
        item.put("count", n(changes.size()));
        try {
            item.put("changes", s(JSON.writeValueAsString(changes.stream().map(FileChange::asMap).toList())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("changes are not JSON", e);
        }
        item.put("recordedAt", s(recordedAt.toString()));
        item.put(Keys.TTL, n(expiresAt.getEpochSecond()));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    // ---- folder path cache --------------------------------------------------------------------------

    @Override
    public List<FolderCache.Entry> entries(String connectionId) {
        List<FolderCache.Entry> entries = new ArrayList<>();
        var request = QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :pk and begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(Keys.connectionItemsPk(connectionId)),
                        ":prefix", s(Keys.FOLDER_PATH_SK_PREFIX)))
                .consistentRead(true)
                .build();
        dynamo.queryPaginator(request).items().forEach(item -> entries.add(new FolderCache.Entry(
                str(item, Keys.SK).substring(Keys.FOLDER_PATH_SK_PREFIX.length()), str(item, "folderId"),
                str(item, "rootFolderId"))));
        return entries;
    }

    @Override
    public void forget(String connectionId, String path) {
        dynamo.deleteItem(r -> r.tableName(table).key(Keys.folderPath(connectionId, path)));
    }
}
