package dev.drivelink.core.adapters.aws;

import static dev.drivelink.core.adapters.aws.Attrs.n;
import static dev.drivelink.core.adapters.aws.Attrs.putIfPresent;
import static dev.drivelink.core.adapters.aws.Attrs.s;
import static dev.drivelink.core.adapters.aws.Attrs.str;

import dev.drivelink.core.sync.mapping.FileMapping;
import dev.drivelink.core.sync.mapping.FileMappingRepository;
import dev.drivelink.core.sync.mapping.MappingPaths;
import dev.drivelink.core.sync.mapping.MappingStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * File mappings under the connection's partition: {@code MAP#<project>#<path>} holds the base, and
 * {@code DFILE#<driveFileId>#<project>} says which path maps a Drive file. Both change together in
 * one transaction, each conditioned on what was read, so the Drive-file lookup is a strongly
 * consistent Query and never disagrees with the mappings.
 */
public final class DynamoFileMappingRepository implements FileMappingRepository {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoFileMappingRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<FileMapping> find(String connectionId, String projectId, String path) {
        MappingPaths.require(path);
        var item = dynamo.getItem(r -> r.tableName(table).key(Keys.fileMapping(connectionId, projectId, path))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public List<FileMapping> findByDriveFile(String connectionId, String driveFileId) {
        List<FileMapping> result = new ArrayList<>();
        var request = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk and begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(Keys.connectionPk(connectionId)),
                        ":prefix", s(Keys.driveFilePrefix(driveFileId))))
                .build();
        dynamo.queryPaginator(request).items().forEach(pointer ->
                find(connectionId, str(pointer, "projectId"), str(pointer, "path"))
                        .filter(m -> driveFileId.equals(m.driveFileId()))
                        .ifPresent(result::add));
        return result;
    }

    @Override
    public List<FileMapping> list(String connectionId, String projectId) {
        List<FileMapping> result = new ArrayList<>();
        dynamo.queryPaginator(projectQuery(connectionId, projectId).build()).items()
                .forEach(item -> result.add(fromItem(item)));
        return result;
    }

    @Override
    public List<FileMapping> page(String connectionId, String projectId, String afterPath, int limit) {
        List<FileMapping> result = new ArrayList<>();
        Map<String, AttributeValue> start = afterPath == null ? null
                : Keys.fileMapping(connectionId, projectId, afterPath);
        do {
            var answer = dynamo.query(projectQuery(connectionId, projectId).exclusiveStartKey(start)
                    .limit(limit - result.size()).build());
            answer.items().forEach(item -> result.add(fromItem(item)));
            start = answer.hasLastEvaluatedKey() && !answer.lastEvaluatedKey().isEmpty()
                    ? answer.lastEvaluatedKey() : null;
        } while (start != null && result.size() < limit);
        return result;
    }

    @Override
    public int count(String connectionId, String projectId) {
        int total = 0;
        for (var page : dynamo.queryPaginator(projectQuery(connectionId, projectId).select(Select.COUNT).build())) {
            total += page.count();
        }
        return total;
    }

    private QueryRequest.Builder projectQuery(String connectionId, String projectId) {
        return QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk and begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(Keys.connectionPk(connectionId)),
                        ":prefix", s(Keys.fileMappingPrefix(projectId))));
    }

    @Override
    public FileMapping save(FileMapping previous, FileMapping next) {
        if (previous != null && (!previous.connectionId().equals(next.connectionId())
                || !previous.projectId().equals(next.projectId()) || !previous.path().equals(next.path()))) {
            throw new IllegalArgumentException("save keeps the path; use move to change it");
        }
        long expected = previous == null ? 0 : previous.version();
        FileMapping stored = next.withVersion(expected + 1);
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(putMapping(stored, expected));
        String oldFile = previous == null ? null : previous.driveFileId();
        if (stored.driveFileId() != null && !stored.driveFileId().equals(oldFile)) {
            writes.add(putPointer(stored, null));
        }
        if (oldFile != null && !oldFile.equals(stored.driveFileId())) {
            writes.add(deletePointer(previous));
        }
        write(writes, stored);
        return stored;
    }

    @Override
    public FileMapping move(FileMapping previous, String newPath) {
        MappingPaths.require(newPath);
        FileMapping moved = previous.edit().path(newPath).build().withVersion(1);
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(deleteMapping(previous));
        writes.add(putMapping(moved, 0));
        if (previous.driveFileId() != null) {
            writes.add(putPointer(moved, previous.path()));
        }
        write(writes, moved);
        return moved;
    }

    @Override
    public void delete(FileMapping previous) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(deleteMapping(previous));
        if (previous.driveFileId() != null) {
            writes.add(deletePointer(previous));
        }
        write(writes, previous);
    }

    private void write(List<TransactWriteItem> writes, FileMapping subject) {
        try {
            dynamo.transactWriteItems(r -> r.transactItems(writes));
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            for (int i = 0; i < reasons.size() && i < writes.size(); i++) {
                Put put = writes.get(i).put();
                boolean pointerPut = put != null && str(put.item(), Keys.SK).startsWith("DFILE#");
                if ("ConditionalCheckFailed".equals(reasons.get(i).code()) && pointerPut) {
                    throw new DriveFileMappedException(subject.driveFileId());
                }
            }
            throw new StaleMappingException("the mapping of " + subject.path());
        }
    }

    private TransactWriteItem putMapping(FileMapping m, long expectedVersion) {
        Put.Builder put = Put.builder().tableName(table).item(toItem(m));
        if (expectedVersion == 0) {
            put.conditionExpression("attribute_not_exists(pk)");
        } else {
            put.conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n(expectedVersion)));
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    private TransactWriteItem deleteMapping(FileMapping m) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(Keys.fileMapping(m.connectionId(), m.projectId(), m.path()))
                .conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n(m.version())))
                .build()).build();
    }

    /** The pointer of {@code m}'s Drive file to its path; it may replace one to {@code fromPath}, never another path's. */
    private TransactWriteItem putPointer(FileMapping m, String fromPath) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.driveFile(m.connectionId(), m.driveFileId(), m.projectId()));
        item.put(Keys.TYPE, s("drive-file"));
        item.put("projectId", s(m.projectId()));
        item.put("path", s(m.path()));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":path", s(m.path()));
        String condition = "attribute_not_exists(pk) OR #path = :path";
        if (fromPath != null) {
            condition += " OR #path = :from";
            values.put(":from", s(fromPath));
        }
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).conditionExpression(condition)
                .expressionAttributeNames(Map.of("#path", "path")).expressionAttributeValues(values).build()).build();
    }

    private TransactWriteItem deletePointer(FileMapping m) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(Keys.driveFile(m.connectionId(), m.driveFileId(), m.projectId()))
                .conditionExpression("attribute_not_exists(pk) OR #path = :path")
                .expressionAttributeNames(Map.of("#path", "path"))
                .expressionAttributeValues(Map.of(":path", s(m.path()))).build()).build();
    }

    private static Map<String, AttributeValue> toItem(FileMapping m) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.fileMapping(m.connectionId(), m.projectId(), m.path()));
        item.put(Keys.TYPE, s("file-mapping"));
        item.put("connectionId", s(m.connectionId()));
        item.put("projectId", s(m.projectId()));
        item.put("path", s(m.path()));
        item.put("status", s(m.status().wire()));
        putIfPresent(item, "driveFileId", m.driveFileId());
        putIfPresent(item, "driveMd5", m.driveMd5());
        putIfPresent(item, "driveVersion", m.driveVersion());
        putIfPresent(item, "driveHeadRevisionId", m.driveHeadRevisionId());
        putIfPresent(item, "driveSize", m.driveSize());
        putIfPresent(item, "driveModifiedTime", m.driveModifiedTime());
        putIfPresent(item, "appVersionId", m.appVersionId());
        putIfPresent(item, "appETag", m.appETag());
        putIfPresent(item, "appMd5", m.appMd5());
        putIfPresent(item, "appSize", m.appSize());
        putIfPresent(item, "appModifiedTime", m.appModifiedTime());
        if (m.imported()) {
            item.put("imported", Attrs.bool(true));
        }
        putIfPresent(item, "conflictId", m.conflictId());
        putIfPresent(item, "error", m.error());
        putIfPresent(item, "updatedAt", m.updatedAt());
        item.put("version", n(m.version()));
        return item;
    }

    private static FileMapping fromItem(Map<String, AttributeValue> item) {
        return new FileMapping(str(item, "connectionId"), str(item, "projectId"), str(item, "path"),
                MappingStatus.fromWire(str(item, "status")).orElse(MappingStatus.ERROR),
                str(item, "driveFileId"), str(item, "driveMd5"), Attrs.optionalNum(item, "driveVersion"),
                str(item, "driveHeadRevisionId"), Attrs.optionalNum(item, "driveSize"),
                Attrs.instant(item, "driveModifiedTime"),
                str(item, "appVersionId"), str(item, "appETag"), str(item, "appMd5"), Attrs.optionalNum(item, "appSize"),
                Attrs.instant(item, "appModifiedTime"),
                Boolean.TRUE.equals(Attrs.bool(item, "imported")), str(item, "conflictId"), str(item, "error"),
                Attrs.instant(item, "updatedAt"), Attrs.num(item, "version", 0));
    }
}
