package dev.drivelink.core.adapters.aws;

import static dev.drivelink.core.adapters.aws.Attrs.n;
import static dev.drivelink.core.adapters.aws.Attrs.putIfPresent;
import static dev.drivelink.core.adapters.aws.Attrs.s;
import static dev.drivelink.core.adapters.aws.Attrs.str;

import dev.drivelink.core.sync.run.SyncState;
import dev.drivelink.core.sync.run.SyncStatus;
import dev.drivelink.core.sync.run.SyncStatus.DeleteApproval;
import dev.drivelink.core.sync.run.SyncStatus.MassDeletePause;
import dev.drivelink.core.sync.run.SyncStatus.PendingCounts;
import dev.drivelink.core.sync.run.SyncStatusRepository;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One status item per project under the connection's partition ({@code SYNC#<project>}). */
public final class DynamoSyncStatusRepository implements SyncStatusRepository {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoSyncStatusRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<SyncStatus> find(String connectionId, String projectId) {
        var item = dynamo.getItem(r -> r.tableName(table).key(Keys.syncStatus(connectionId, projectId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public void save(SyncStatus next, long expectedVersion) {
        if (!VersionedWrites.put(dynamo, table, toItem(next), expectedVersion)) {
            throw new ConcurrentUpdateException("the sync status of project " + next.projectId());
        }
    }

    private static Map<String, AttributeValue> toItem(SyncStatus st) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.syncStatus(st.connectionId(), st.projectId()));
        item.put(Keys.TYPE, s("sync-status"));
        item.put("connectionId", s(st.connectionId()));
        item.put("projectId", s(st.projectId()));
        putIfPresent(item, "userId", st.userId());
        item.put("state", s(st.state().wire()));
        putIfPresent(item, "lastSuccessAt", st.lastSuccessAt());
        putIfPresent(item, "lastRunAt", st.lastRunAt());
        item.put("pending", AttributeValue.fromM(Map.of("uploads", n(st.pending().uploads()),
                "downloads", n(st.pending().downloads()), "deletes", n(st.pending().deletes()),
                "conflicts", n(st.pending().conflicts()))));
        if (st.pause() != null) {
            item.put("pause", AttributeValue.fromM(Map.of("deletes", n(st.pause().deletes()),
                    "mappedFiles", n(st.pause().mappedFiles()), "pausedAt", s(st.pause().pausedAt().toString()))));
        }
        if (st.approval() != null) {
            item.put("approval", AttributeValue.fromM(Map.of("deletes", n(st.approval().deletes()),
                    "approvedAt", s(st.approval().approvedAt().toString()))));
        }
        putIfPresent(item, "lastError", st.lastError());
        putIfPresent(item, "updatedAt", st.updatedAt());
        item.put("version", n(st.version()));
        return item;
    }

    private static SyncStatus fromItem(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> pending = Attrs.map(item, "pending");
        Map<String, AttributeValue> pause = Attrs.map(item, "pause");
        Map<String, AttributeValue> approval = Attrs.map(item, "approval");
        SyncState state = SyncState.IDLE;
        for (SyncState s : SyncState.values()) {
            if (s.wire().equals(str(item, "state"))) {
                state = s;
            }
        }
        return new SyncStatus(str(item, "connectionId"), str(item, "projectId"), str(item, "userId"), state,
                Attrs.instant(item, "lastSuccessAt"), Attrs.instant(item, "lastRunAt"),
                pending == null ? PendingCounts.NONE : new PendingCounts(count(pending, "uploads"),
                        count(pending, "downloads"), count(pending, "deletes"), count(pending, "conflicts")),
                pause == null ? null : new MassDeletePause(count(pause, "deletes"), count(pause, "mappedFiles"),
                        Attrs.instant(pause, "pausedAt")),
                approval == null ? null : new DeleteApproval(count(approval, "deletes"), Attrs.instant(approval, "approvedAt")),
                str(item, "lastError"), Attrs.instant(item, "updatedAt"), Attrs.num(item, "version", 0));
    }

    private static int count(Map<String, AttributeValue> m, String name) {
        return (int) Attrs.num(m, name, 0);
    }
}
