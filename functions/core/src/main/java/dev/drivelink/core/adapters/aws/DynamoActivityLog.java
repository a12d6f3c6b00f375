package dev.drivelink.core.adapters.aws;

import static dev.drivelink.core.adapters.aws.Attrs.n;
import static dev.drivelink.core.adapters.aws.Attrs.putIfPresent;
import static dev.drivelink.core.adapters.aws.Attrs.s;
import static dev.drivelink.core.adapters.aws.Attrs.str;

import dev.drivelink.core.events.activity.ActivityAction;
import dev.drivelink.core.events.activity.ActivityLog;
import dev.drivelink.core.events.activity.ActivityOutcome;
import dev.drivelink.core.events.activity.ActivityRecord;
import dev.drivelink.core.sync.activity.ActivityQueries;
import dev.drivelink.core.sync.activity.ActivityReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import org.jboss.logging.Logger;

/**
 * The activity log: one item per record under {@code ACT#<user>#<project>} sorted by time, also on
 * gsi1 under {@code ACT#<user>} for the user-wide view; both read newest first. Records expire by TTL.
 */
public final class DynamoActivityLog implements ActivityLog, ActivityReader {

    private static final Logger LOG = Logger.getLogger(DynamoActivityLog.class);
    /** How many records one page may look at when filters skip most of them. */
    static final int READ_BUDGET = 1000;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;

    public DynamoActivityLog(DynamoDbClient dynamo, String table, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
    }

    @Override
    public void record(ActivityRecord r) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(toItem(r)));
        } catch (RuntimeException e) {
            LOG.warnf("activity record %s (%s of user %s) not written: %s", r.id(), r.action().wire(), r.userId(), e.toString());
        }
    }

    @Override
    public Slice newestFirst(String userId, String projectId, ActivityAction action, ActivityOutcome status,
                             Position after, int limit) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).scanIndexForward(false);
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        if (projectId != null) {
            query.keyConditionExpression("pk = :pk");
            values.put(":pk", s(Keys.activityPk(userId, projectId)));
        } else {
            query.indexName(Keys.GSI1).keyConditionExpression("gsi1pk = :pk");
            values.put(":pk", s(Keys.activityUserPk(userId)));
        }
        List<String> filters = new ArrayList<>();
        if (action != null) {
            filters.add("#action = :action");
            names.put("#action", "action");
            values.put(":action", s(action.wire()));
        }
        if (status != null) {
            filters.add("#status = :status");
            names.put("#status", "status");
            values.put(":status", s(status.wire()));
        }
        if (!filters.isEmpty()) {
            query.filterExpression(String.join(" AND ", filters)).expressionAttributeNames(names);
        }
        query.expressionAttributeValues(values);

        List<ActivityRecord> found = new ArrayList<>();
        Map<String, AttributeValue> start = after == null ? null : startKey(userId, projectId, after);
        int budget = READ_BUDGET;
        while (true) {
            int ask = filters.isEmpty() ? limit + 1 - found.size() : Math.min(budget, Math.max(limit + 1, 100));
            QueryResponse page = dynamo.query(query.limit(ask).exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : page.items()) {
                found.add(fromItem(item));
                if (found.size() > limit) {
                    List<ActivityRecord> items = found.subList(0, limit);
                    return new Slice(List.copyOf(items), ActivityQueries.positionOf(items.get(limit - 1)));
                }
            }
            budget -= page.scannedCount();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            if (start == null) {
                return new Slice(List.copyOf(found), null);
            }
            if (budget <= 0) {
                return new Slice(List.copyOf(found), position(start));
            }
        }
    }

    private static Map<String, AttributeValue> startKey(String userId, String projectId, Position after) {
        Map<String, AttributeValue> key = new HashMap<>();
        String sk = Keys.activitySk(after.atMillis(), after.id());
        key.put(Keys.PK, s(Keys.activityPk(userId, after.projectKey())));
        key.put(Keys.SK, s(sk));
        if (projectId == null) {
            key.put(Keys.GSI1_PK, s(Keys.activityUserPk(userId)));
            key.put(Keys.GSI1_SK, s(sk));
        }
        return key;
    }

    /** The position of the last item a query looked at (its key). */
    private static Position position(Map<String, AttributeValue> key) {
        String pk = str(key, Keys.PK);
        String sk = str(key, Keys.SK);
        int hash = sk.indexOf('#');
        return new Position(pk.substring(pk.lastIndexOf('#') + 1), Long.parseLong(sk.substring(0, hash)),
                sk.substring(hash + 1));
    }

    Map<String, AttributeValue> toItem(ActivityRecord r) {
        String projectKey = r.projectId() == null ? "" : r.projectId();
        String sk = Keys.activitySk(r.at().toEpochMilli(), r.id());
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, s(Keys.activityPk(r.userId(), projectKey)));
        item.put(Keys.SK, s(sk));
        item.put(Keys.GSI1_PK, s(Keys.activityUserPk(r.userId())));
        item.put(Keys.GSI1_SK, s(sk));
        item.put(Keys.TYPE, s("activity"));
        item.put(Keys.TTL, n(r.at().plus(retention).getEpochSecond()));
        item.put("id", s(r.id()));
        item.put("userId", s(r.userId()));
        putIfPresent(item, "projectId", r.projectId());
        putIfPresent(item, "connectionId", r.connectionId());
        item.put("action", s(r.action().wire()));
        item.put("status", s(r.status().wire()));
        putIfPresent(item, "path", r.path());
        putIfPresent(item, "driveFileId", r.driveFileId());
        if (!r.details().isEmpty()) {
            Map<String, AttributeValue> details = new LinkedHashMap<>();
            r.details().forEach((k, v) -> details.put(k, s(v)));
            item.put("details", AttributeValue.fromM(details));
        }
        putIfPresent(item, "error", r.error());
        putIfPresent(item, "durationMs", r.durationMs());
        item.put("at", s(r.at().toString()));
        return item;
    }

    static ActivityRecord fromItem(Map<String, AttributeValue> item) {
        Map<String, String> details = new LinkedHashMap<>();
        Map<String, AttributeValue> stored = Attrs.map(item, "details");
        if (stored != null) {
            stored.forEach((k, v) -> details.put(k, v.s()));
        }
        return new ActivityRecord(str(item, "id"), str(item, "userId"), str(item, "projectId"),
                str(item, "connectionId"),
                ActivityAction.fromWire(str(item, "action")).orElseThrow(),
                ActivityOutcome.fromWire(str(item, "status")).orElseThrow(),
                str(item, "path"), str(item, "driveFileId"), details, str(item, "error"),
                Attrs.optionalNum(item, "durationMs"), Instant.parse(str(item, "at")));
    }
}
