package dev.drivelink.core.sync.plan;

import java.time.Instant;

/**
 * The app side of a base entry: the S3 object as it was when both sides last agreed.
 * The MD5 is what the planner compares; the other fields are informational. In a {@link PlanAction.SetBase}
 * a null {@code versionId}, {@code etag} or {@code modified} means "take it from this plan's write of
 * that path" (the worker fills it from the write's response, or from a HEAD).
 */
public record AppSide(String versionId, String etag, String md5, long size, Instant modified) {
    public static AppSide of(AppObject object) {
        return new AppSide(object.versionId(), object.etag(), object.md5(), object.size(), object.modified());
    }

    /** The side after drivelink writes content {@code md5}: version fields come from the write. */
    static AppSide written(String md5, long size) {
        return new AppSide(null, null, md5, size, null);
    }

    /** Fields still to be filled from the write result. */
    public boolean needsResult() {
        return versionId == null || modified == null;
    }
}
