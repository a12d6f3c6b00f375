package dev.drivelink.core.sync.plan;

import java.time.Instant;
import java.util.Objects;

/**
 * One file of the Drive side: under the project folder or a monitored folder, or a mapped file's id
 * seen anywhere (trashed files included, so a trash is seen as a delete).
 *
 * @param id            Drive file id
 * @param path          path in the project's namespace (under the project folder, or the monitored
 *                      folder's path); null when the file is no longer under any of them
 * @param md5           {@code md5Checksum}; null for Google-native documents (not synced)
 * @param size          bytes
 * @param version       Drive's {@code version}
 * @param modified      {@code modifiedTime}
 * @param mimeType      may be null
 * @param trashed       in the trash
 * @param drivelinkMd5  set only when the current version is drivelink's own upload: the MD5 it wrote.
 *                      The worker must bind this to the exact version it produced (the {@code version}
 *                      or {@code headRevisionId} its write returned, recorded right after the write), not
 *                      to content alone: a user restoring an old revision drivelink once uploaded makes
 *                      the same MD5 again, and that is the user's change. When in doubt, null: the planner
 *                      then treats the content as the user's (at worst a conflict for the policy).
 */
public record DriveEntry(String id, String path, String md5, long size, long version, Instant modified,
                        String mimeType, boolean trashed, String drivelinkMd5) {
    public DriveEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(modified, "modified");
    }

    /** Present in the project: not trashed and under a synced folder. */
    public boolean live() {
        return !trashed && path != null;
    }

    /** Binary content with an MD5: Google-native documents are left alone. */
    public boolean syncable() {
        return md5 != null;
    }

    /** The current content is what drivelink itself uploaded. */
    public boolean echo() {
        return md5 != null && md5.equals(drivelinkMd5);
    }
}
