package dev.drivelink.core.sync.plan;

import java.time.Instant;
import java.util.Objects;

/**
 * One current object of the app side (the S3 listing of {@code {prefix}{projectId}/}).
 *
 * @param path               relative to the project
 * @param versionId          S3 version id of the current version
 * @param etag               its ETag
 * @param md5                the content MD5 (hex); from drivelink's metadata or computed once and cached
 * @param size               bytes
 * @param modified           LastModified
 * @param mimeType           Content-Type, may be null
 * @param writtenByDrivelink the object carries drivelink's metadata: drivelink wrote this version
 *                           (an echo, not a user's change)
 */
public record AppObject(String path, String versionId, String etag, String md5, long size, Instant modified,
                        String mimeType, boolean writtenByDrivelink) {
    public AppObject {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(md5, "md5");
        Objects.requireNonNull(modified, "modified");
    }
}
