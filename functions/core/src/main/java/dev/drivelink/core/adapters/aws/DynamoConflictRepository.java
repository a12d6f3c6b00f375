package dev.drivelink.core.adapters.aws;

import static dev.drivelink.core.adapters.aws.Attrs.n;
import static dev.drivelink.core.adapters.aws.Attrs.putIfPresent;
import static dev.drivelink.core.adapters.aws.Attrs.s;
import static dev.drivelink.core.adapters.aws.Attrs.str;

import dev.drivelink.core.sync.conflict.Conflict;
import dev.drivelink.core.sync.conflict.ConflictRepository;
import dev.drivelink.core.sync.conflict.ConflictSide;
import dev.drivelink.core.sync.conflict.ConflictState;
import dev.drivelink.core.sync.conflict.Keep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** Conflicts under the connection's partition ({@code CONFLICT#<project>#<id>}); resolved ones expire by TTL. */
public final class DynamoConflictRepository implements ConflictRepository {

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration resolvedRetention;

    public DynamoConflictRepository(DynamoDbClient dynamo, String table, Duration resolvedRetention) {
        this.dynamo = dynamo;
        this.table = table;
        this.resolvedRetention = resolvedRetention;
    }

    @Override
    public void create(Conflict conflict) {
        if (!VersionedWrites.put(dynamo, table, toItem(conflict), 0)) {
            throw new ConcurrentUpdateException(conflict.id());
        }
    }

    @Override
    public Optional<Conflict> find(String connectionId, String projectId, String conflictId) {
        var item = dynamo.getItem(r -> r.tableName(table).key(Keys.conflict(connectionId, projectId, conflictId))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public List<Conflict> unresolved(String connectionId, String projectId) {
        List<Conflict> result = new ArrayList<>();
        var request = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk and begins_with(sk, :prefix)")
                .filterExpression("#state <> :resolved")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(":pk", s(Keys.connectionPk(connectionId)),
                        ":prefix", s(Keys.conflictPrefix(projectId)), ":resolved", s(ConflictState.RESOLVED.wire())))
                .build();
        dynamo.queryPaginator(request).items().forEach(item -> result.add(fromItem(item)));
        result.sort(Comparator.comparing(Conflict::detectedAt).thenComparing(Conflict::id));
        return result;
    }

    @Override
    public void save(Conflict next, long expectedVersion) {
        if (expectedVersion < 1 || !VersionedWrites.put(dynamo, table, toItem(next), expectedVersion)) {
            throw new ConcurrentUpdateException(next.id());
        }
    }

    private Map<String, AttributeValue> toItem(Conflict c) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.conflict(c.connectionId(), c.projectId(), c.id()));
        item.put(Keys.TYPE, s("conflict"));
        item.put("id", s(c.id()));
        item.put("connectionId", s(c.connectionId()));
        item.put("projectId", s(c.projectId()));
        item.put("userId", s(c.userId()));
        item.put("path", s(c.path()));
        putIfPresent(item, "driveFileId", c.driveFileId());
        if (c.app() != null) {
            item.put("app", side(c.app()));
        }
        if (c.drive() != null) {
            item.put("drive", side(c.drive()));
        }
        item.put("state", s(c.state().wire()));
        if (c.keep() != null) {
            item.put("keep", s(c.keep().wire()));
        }
        item.put("detectedAt", s(c.detectedAt().toString()));
        putIfPresent(item, "resolvedAt", c.resolvedAt());
        putIfPresent(item, "appliedAt", c.appliedAt());
        item.put("version", n(c.version()));
        if (c.state() == ConflictState.RESOLVED && c.appliedAt() != null) {
            item.put(Keys.TTL, n(c.appliedAt().plus(resolvedRetention).getEpochSecond()));
        }
        return item;
    }

    private static Conflict fromItem(Map<String, AttributeValue> item) {
        String keep = str(item, "keep");
        return new Conflict(str(item, "id"), str(item, "connectionId"), str(item, "projectId"), str(item, "userId"),
                str(item, "path"), str(item, "driveFileId"), side(Attrs.map(item, "app")), side(Attrs.map(item, "drive")),
                state(str(item, "state")), keep == null ? null : Keep.fromWire(keep).orElse(null),
                Attrs.instant(item, "detectedAt"), Attrs.instant(item, "resolvedAt"), Attrs.instant(item, "appliedAt"),
                Attrs.num(item, "version", 0));
    }

    private static ConflictState state(String wire) {
        for (ConflictState s : ConflictState.values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        return ConflictState.OPEN;
    }

    private static AttributeValue side(ConflictSide side) {
        Map<String, AttributeValue> m = new HashMap<>();
        putIfPresent(m, "name", side.name());
        putIfPresent(m, "size", side.size());
        putIfPresent(m, "md5", side.md5());
        putIfPresent(m, "modifiedTime", side.modifiedTime());
        putIfPresent(m, "modifiedBy", side.modifiedBy());
        return AttributeValue.fromM(m);
    }

    private static ConflictSide side(Map<String, AttributeValue> m) {
        if (m == null) {
            return null;
        }
        return new ConflictSide(str(m, "name"), Attrs.optionalNum(m, "size"), str(m, "md5"),
                Attrs.instant(m, "modifiedTime"), str(m, "modifiedBy"));
    }
}
