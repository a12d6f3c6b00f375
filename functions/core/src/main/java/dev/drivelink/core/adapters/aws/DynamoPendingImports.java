package dev.drivelink.core.adapters.aws;

import static dev.drivelink.core.adapters.aws.Attrs.n;
import static dev.drivelink.core.adapters.aws.Attrs.s;

import dev.drivelink.core.sync.engine.PendingImports;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Pending imports: {@code CONN#<connectionId> / IMPORT#<projectId>#<fileId>}, expiring after {@code ttl}. */
public final class DynamoPendingImports implements PendingImports {

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration ttl;

    public DynamoPendingImports(DynamoDbClient dynamo, String table, Duration ttl) {
        this.dynamo = dynamo;
        this.table = table;
        this.ttl = ttl;
    }

    @Override
    public void add(List<PendingImport> imports) {
        for (PendingImport p : imports) {
            Map<String, AttributeValue> item = new HashMap<>(Keys.pendingImport(p.connectionId(), p.projectId(),
                    p.fileId()));
            item.put(Keys.TYPE, s("pending-import"));
            item.put("userId", s(p.userId()));
            item.put("fileId", s(p.fileId()));
            item.put("projectId", s(p.projectId()));
            if (p.targetFolder() != null) {
                item.put("targetFolder", s(p.targetFolder()));
            }
            item.put("requestedAt", s(p.requestedAt().toString()));
            item.put(Keys.TTL, n(p.requestedAt().plus(ttl).getEpochSecond()));
            dynamo.putItem(r -> r.tableName(table).item(item));
        }
    }

    @Override
    public List<PendingImport> list(String connectionId, String projectId) {
        List<PendingImport> out = new ArrayList<>();
        var pages = dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#pk", Keys.PK, "#sk", Keys.SK))
                .expressionAttributeValues(Map.of(":pk", s(Keys.connectionPk(connectionId)),
                        ":prefix", s(Keys.pendingImportPrefix(projectId)))));
        for (var page : pages) {
            for (var item : page.items()) {
                out.add(new PendingImport(connectionId, projectId, item.get("userId").s(), item.get("fileId").s(),
                        item.containsKey("targetFolder") ? item.get("targetFolder").s() : null,
                        Instant.parse(item.get("requestedAt").s())));
            }
        }
        out.sort(Comparator.comparing(PendingImport::requestedAt));
        return out;
    }

    @Override
    public void remove(PendingImport done) {
        dynamo.deleteItem(r -> r.tableName(table).key(Keys.pendingImport(done.connectionId(), done.projectId(),
                done.fileId())));
    }
}
