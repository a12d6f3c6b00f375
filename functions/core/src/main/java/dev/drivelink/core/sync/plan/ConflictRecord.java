package dev.drivelink.core.sync.plan;

import java.time.Instant;
import java.util.Objects;

/**
 * A conflict parked by the {@code manual} policy: both versions as they were when it was detected
 * (path, size, MD5, times). While a base entry carries one, the entry's path, these two paths and
 * the Drive file id are left out of every run until {@link SyncPlanner#resolveConflict} is applied.
 */
public record ConflictRecord(ConflictKind kind, Instant detectedAt, AppObject app, DriveEntry drive) {
    public ConflictRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detectedAt, "detectedAt");
    }
}
