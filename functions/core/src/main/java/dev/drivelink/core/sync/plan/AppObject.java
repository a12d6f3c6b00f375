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
 * @param writtenByDrivelink drivelink wrote this very version at this key (an echo, not a user's change).
 *                           Its S3 metadata must name the key it was written to (a user's copy or
 *                           {@code aws s3 mv} carries metadata along: elsewhere it is the user's object),
 *                           and a user restoring an old drivelink-written version by copy is the user's
 *                           change: bind the marker to the version id drivelink recorded, or leave it false
 */
public record AppObject(String path, String versionId, String etag, String md5, long size, Instant modified,
                        String mimeType, boolean writtenByDrivelink) {
    public AppObject {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(md5, "md5");
        Objects.requireNonNull(modified, "modified");
    }
}
