package dev.drivelink.core.sync.mapping;

import java.time.Instant;
import java.util.Objects;

/**
 * The base of one path of one project on one connection: the state both sides had after the last
 * successful sync of the path (SYNC-RULES.md, "Terms"), or the intended result of an action in
 * progress ({@link MappingStatus#PENDING_UPLOAD}, {@link MappingStatus#PENDING_DOWNLOAD}).
 *
 * @param driveVersion        Drive's {@code version} of the file
 * @param appVersionId        the S3 object's version id
 * @param appMd5              hex MD5 of the app object's content (from drivelink's metadata or computed once)
 * @param imported            picked by the user ({@code selective_sync} syncs only these)
 * @param conflictId          the open conflict of the path, while {@code status} is CONFLICT
 * @param version             the stored version (0: not stored yet); the repository checks it on every write
 */
public record FileMapping(
        String connectionId,
        String projectId,
        String path,
        MappingStatus status,
        String driveFileId,
        String driveMd5,
        Long driveVersion,
        String driveHeadRevisionId,
        Long driveSize,
        Instant driveModifiedTime,
        String appVersionId,
        String appETag,
        String appMd5,
        Long appSize,
        Instant appModifiedTime,
        boolean imported,
        String conflictId,
        String error,
        Instant updatedAt,
        long version) {

    public FileMapping {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(projectId, "projectId");
        MappingPaths.require(path);
        status = status == null ? MappingStatus.SYNCED : status;
    }

    public static Builder builder(String connectionId, String projectId, String path) {
        return new Builder(connectionId, projectId, path);
    }

    /** This mapping as stored at {@code storedVersion} (repositories use it). */
    public FileMapping withVersion(long storedVersion) {
        Builder b = edit();
        b.version = storedVersion;
        return b.build();
    }

    /** A builder holding this mapping's values (and version), to change some. */
    public Builder edit() {
        Builder b = new Builder(connectionId, projectId, path);
        b.status = status;
        b.driveFileId = driveFileId;
        b.driveMd5 = driveMd5;
        b.driveVersion = driveVersion;
        b.driveHeadRevisionId = driveHeadRevisionId;
        b.driveSize = driveSize;
        b.driveModifiedTime = driveModifiedTime;
        b.appVersionId = appVersionId;
        b.appETag = appETag;
        b.appMd5 = appMd5;
        b.appSize = appSize;
        b.appModifiedTime = appModifiedTime;
        b.imported = imported;
        b.conflictId = conflictId;
        b.error = error;
        b.updatedAt = updatedAt;
        b.version = version;
        return b;
    }

    /** Setters by side; {@link #build()} keeps the version it started from. */
    public static final class Builder {
        private final String connectionId;
        private final String projectId;
        private String path;
        private MappingStatus status = MappingStatus.SYNCED;
        private String driveFileId;
        private String driveMd5;
        private Long driveVersion;
        private String driveHeadRevisionId;
        private Long driveSize;
        private Instant driveModifiedTime;
        private String appVersionId;
        private String appETag;
        private String appMd5;
        private Long appSize;
        private Instant appModifiedTime;
        private boolean imported;
        private String conflictId;
        private String error;
        private Instant updatedAt;
        private long version;

        private Builder(String connectionId, String projectId, String path) {
            this.connectionId = connectionId;
            this.projectId = projectId;
            this.path = path;
        }

        public Builder path(String p) {
            this.path = p;
            return this;
        }

        public Builder status(MappingStatus s) {
            this.status = s;
            return this;
        }

        /** Drive's side: file id, md5Checksum, version, headRevisionId, size, modifiedTime. */
        public Builder drive(String fileId, String md5, Long driveFileVersion, String headRevisionId, Long size,
                             Instant modifiedTime) {
            this.driveFileId = fileId;
            this.driveMd5 = md5;
            this.driveVersion = driveFileVersion;
            this.driveHeadRevisionId = headRevisionId;
            this.driveSize = size;
            this.driveModifiedTime = modifiedTime;
            return this;
        }

        /** The app side: S3 version id, ETag, content MD5, size, last modified. */
        public Builder app(String versionId, String eTag, String md5, Long size, Instant modifiedTime) {
            this.appVersionId = versionId;
            this.appETag = eTag;
            this.appMd5 = md5;
            this.appSize = size;
            this.appModifiedTime = modifiedTime;
            return this;
        }

        public Builder imported(boolean value) {
            this.imported = value;
            return this;
        }

        public Builder conflictId(String id) {
            this.conflictId = id;
            return this;
        }

        public Builder error(String e) {
            this.error = e;
            return this;
        }

        public Builder updatedAt(Instant at) {
            this.updatedAt = at;
            return this;
        }

        public FileMapping build() {
            return new FileMapping(connectionId, projectId, path, status, driveFileId, driveMd5, driveVersion,
                    driveHeadRevisionId, driveSize, driveModifiedTime, appVersionId, appETag, appMd5, appSize,
                    appModifiedTime, imported, conflictId, error, updatedAt, version);
        }
    }
}
