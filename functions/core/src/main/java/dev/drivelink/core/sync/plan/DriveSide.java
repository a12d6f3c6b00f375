package dev.drivelink.core.sync.plan;

import java.time.Instant;

/**
 * The Drive side of a base entry. The MD5 is what the planner compares. In a {@link PlanAction.SetBase}
 * a null {@code version} or {@code modified} means "take it from this plan's write of that file", and a
 * {@code fileId} starting with {@link Plan#PENDING_ID_PREFIX} is replaced by {@link Plan#withDriveIds}.
 */
public record DriveSide(String fileId, String md5, long size, Long version, Instant modified) {
    public static DriveSide of(DriveEntry file) {
        return new DriveSide(file.id(), file.md5(), file.size(), file.version(), file.modified());
    }

    static DriveSide written(String fileId, String md5, long size) {
        return new DriveSide(fileId, md5, size, null, null);
    }

    DriveSide withFileId(String id) {
        return new DriveSide(id, md5, size, version, modified);
    }

    public boolean needsResult() {
        return version == null || modified == null;
    }
}
