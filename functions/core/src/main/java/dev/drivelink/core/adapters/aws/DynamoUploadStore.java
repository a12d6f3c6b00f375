package dev.drivelink.core.adapters.aws;

import static dev.drivelink.core.adapters.aws.Attrs.n;
import static dev.drivelink.core.adapters.aws.Attrs.putIfPresent;
import static dev.drivelink.core.adapters.aws.Attrs.s;
import static dev.drivelink.core.adapters.aws.Attrs.str;

import dev.drivelink.core.upload.DriveIdPool;
import dev.drivelink.core.upload.FolderPathRepository;
import dev.drivelink.core.upload.SourcePolicy;
import dev.drivelink.core.upload.UploadJob;
import dev.drivelink.core.upload.UploadJobRepository;
import dev.drivelink.core.upload.UploadRequest;
import dev.drivelink.core.upload.UploadSource;
import dev.drivelink.core.upload.UploadStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** Upload jobs, folder paths and the Drive id pool, in the one table (see DATA.md). */
public final class DynamoUploadStore implements UploadJobRepository, FolderPathRepository, DriveIdPool {

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration finishedJobTtl;

    public DynamoUploadStore(DynamoDbClient dynamo, String table, Duration finishedJobTtl) {
        this.dynamo = dynamo;
        this.table = table;
        this.finishedJobTtl = finishedJobTtl;
    }

    // ---- jobs ---------------------------------------------------------------------------------------

    @Override
    public Optional<UploadJob> find(String id) {
        var item = dynamo.getItem(r -> r.tableName(table).key(Keys.upload(id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(job(item));
    }

    @Override
    public boolean createIfAbsent(UploadJob job) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(item(job, finishedJobTtl)).conditionExpression("attribute_not_exists(pk)"));
            UserUploads.remember(dynamo, table, job, finishedJobTtl);
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void save(UploadJob job, long expectedVersion) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(item(job, finishedJobTtl)).conditionExpression("version = :v")
                    .expressionAttributeValues(Map.of(":v", n(expectedVersion))));
        } catch (ConditionalCheckFailedException e) {
            throw new StaleJobException(job.id());
        }
    }

    @Override
    public boolean tryLease(String id, long expectedVersion, Instant now, Instant until) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(Keys.upload(id))
                    .updateExpression("SET leaseUntil = :until")
                    .conditionExpression("version = :v AND (attribute_not_exists(leaseUntil) OR leaseUntil <= :now)")
                    .expressionAttributeValues(Map.of(":until", n(until.getEpochSecond()), ":v", n(expectedVersion),
                            ":now", n(now.getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** No index: nothing reads jobs but by id. A finished job expires {@code finishedJobTtl} after it ended. */
    static Map<String, AttributeValue> item(UploadJob j, Duration finishedJobTtl) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.upload(j.id()));
        UploadRequest r = j.request();
        item.put(Keys.TYPE, s("upload"));
        item.put("id", s(j.id()));
        item.put("userId", s(j.userId()));
        item.put("origin", s(j.origin().name()));
        item.put("connectionId", s(r.connectionId()));
        if (r.source() instanceof UploadSource.S3 s3) {
            item.put("sourceBucket", s(s3.bucket()));
            item.put("sourceKey", s(s3.key()));
        } else {
            item.put("sourceUrl", s(((UploadSource.Url) r.source()).url()));
        }
        item.put("fileName", s(r.fileName()));
        item.put("mimeType", s(r.mimeType()));
        putIfPresent(item, "folderPath", r.folderPath());
        putIfPresent(item, "appRef", r.appRef());
        putIfPresent(item, "idempotencyKey", r.idempotencyKey());
        item.put("status", s(j.status().name()));
        item.put("bytesDone", n(j.bytesDone()));
        if (j.totalBytes() != null) {
            item.put("totalBytes", n(j.totalBytes()));
        }
        putIfPresent(item, "driveFileId", j.driveFileId());
        putIfPresent(item, "webViewLink", j.webViewLink());
        putIfPresent(item, "md5", j.md5());
        putIfPresent(item, "sessionUri", j.sessionUri());
        putIfPresent(item, "md5State", j.md5State());
        putIfPresent(item, "error", j.error());
        item.put("attempts", n(j.attempts()));
        if (j.leaseUntil() != null) {
            item.put("leaseUntil", n(j.leaseUntil().getEpochSecond()));
        }
        item.put("createdAt", s(j.createdAt().toString()));
        item.put("updatedAt", s(j.updatedAt().toString()));
        item.put("version", n(j.version()));
        if (j.status().finished()) {
            item.put(Keys.TTL, n(j.updatedAt().plus(finishedJobTtl).getEpochSecond()));
        }
        return item;
    }

    static UploadJob job(Map<String, AttributeValue> item) {
        UploadSource source = str(item, "sourceUrl") != null ? new UploadSource.Url(str(item, "sourceUrl"))
                : new UploadSource.S3(str(item, "sourceBucket"), str(item, "sourceKey"));
        var request = new UploadRequest(UploadRequest.CURRENT_VERSION, str(item, "id"), str(item, "connectionId"), source,
                str(item, "fileName"), str(item, "mimeType"), str(item, "folderPath"), str(item, "appRef"),
                str(item, "idempotencyKey"));
        AttributeValue total = item.get("totalBytes");
        // a job written before origins were recorded is held to the stricter (user) rule
        String origin = str(item, "origin");
        return new UploadJob(str(item, "id"), str(item, "userId"),
                origin == null ? SourcePolicy.Origin.API : SourcePolicy.Origin.valueOf(origin), request, UploadStatus.valueOf(str(item, "status")),
                Attrs.num(item, "bytesDone", 0), total == null ? null : Long.parseLong(total.n()),
                str(item, "driveFileId"), str(item, "webViewLink"), str(item, "md5"), str(item, "sessionUri"),
                str(item, "md5State"), str(item, "error"), (int) Attrs.num(item, "attempts", 0), Attrs.instant(item, "createdAt"),
                Attrs.instant(item, "updatedAt"), Attrs.num(item, "version", 0), Attrs.epochSeconds(item, "leaseUntil"));
    }

    // ---- folder paths -------------------------------------------------------------------------------

    @Override
    public Optional<Entry> find(String connectionId, String path) {
        var item = dynamo.getItem(r -> r.tableName(table).key(Keys.folderPath(connectionId, path)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Entry(path, str(item, "folderId"), str(item, "rootFolderId"),
                Attrs.epochSeconds(item, "leaseUntil")));
    }

    @Override
    public boolean claim(String connectionId, String path, String rootFolderId, Instant now, Instant until) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.folderPath(connectionId, path));
        item.put(Keys.TYPE, s("folder-path"));
        item.put("rootFolderId", s(rootFolderId));
        item.put("leaseUntil", n(until.getEpochSecond()));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk) OR (attribute_not_exists(folderId) AND leaseUntil <= :now) "
                            + "OR rootFolderId <> :root")
                    .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond()), ":root", s(rootFolderId))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void ready(String connectionId, String path, String rootFolderId, String folderId) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.folderPath(connectionId, path));
        item.put(Keys.TYPE, s("folder-path"));
        item.put("rootFolderId", s(rootFolderId));
        item.put("folderId", s(folderId));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public void forget(String connectionId, String path) {
        dynamo.deleteItem(r -> r.tableName(table).key(Keys.folderPath(connectionId, path)));
    }

    // ---- id pool ------------------------------------------------------------------------------------

    @Override
    public Optional<String> take(String connectionId) {
        try {
            var old = dynamo.updateItem(r -> r.tableName(table).key(Keys.idPool(connectionId))
                    .updateExpression("REMOVE ids[0]")
                    .conditionExpression("attribute_exists(ids[0])")
                    .returnValues(ReturnValue.UPDATED_OLD)).attributes();
            AttributeValue ids = old.get("ids");
            return ids == null || !ids.hasL() || ids.l().isEmpty() ? Optional.empty() : Optional.of(ids.l().get(0).s());
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public void add(String connectionId, List<String> ids) {
        dynamo.updateItem(r -> r.tableName(table).key(Keys.idPool(connectionId))
                .updateExpression("SET ids = list_append(if_not_exists(ids, :empty), :new), #type = :type")
                .expressionAttributeNames(Map.of("#type", Keys.TYPE))
                .expressionAttributeValues(Map.of(":empty", AttributeValue.fromL(List.of()), ":new", Attrs.strings(ids),
                        ":type", s("drive-id-pool"))));
    }
}
