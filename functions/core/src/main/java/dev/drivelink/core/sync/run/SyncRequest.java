package dev.drivelink.core.sync.run;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The sync request message (version 1) on the sync queue (SQS FIFO, message group = the connection,
 * so one connection syncs in order and never twice at once; deduplication id = {@code requestId}).
 * The worker syncs {@code projectId} of the connection, or every project that uses the connection
 * when {@code projectId} is null.
 *
 * <pre>{"version":1,"requestId":"sr_...","connectionId":"dc_...","userId":"...","projectId":"...",
 *  "reason":"conflict_resolved","conflictId":"cf_...","requestedAt":"2026-..Z"}</pre>
 */
public record SyncRequest(int version, String requestId, String connectionId, String userId, String projectId,
                          SyncReason reason, String conflictId, Instant requestedAt) {

    public static final int CURRENT_VERSION = 1;

    public SyncRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    /** A new request with a fresh id. */
    public static SyncRequest of(String connectionId, String userId, String projectId, SyncReason reason,
                                 String conflictId, Instant now) {
        return new SyncRequest(CURRENT_VERSION, "sr_" + UUID.randomUUID().toString().replace("-", ""), connectionId,
                userId, projectId, reason, conflictId, now);
    }
}
