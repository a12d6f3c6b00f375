package dev.drivelink.core.upload;

import java.time.Instant;

/**
 * One upload's state, kept so a retried or continued delivery picks up where the last one stopped:
 * the Drive file id chosen before the first byte (so a retried create cannot make a second file),
 * the resumable session and how much Drive acknowledged. Changed through {@link #edit()}.
 */
public record UploadJob(
        String id,
        String userId,
        SourcePolicy.Origin origin,
        UploadRequest request,
        UploadStatus status,
        long bytesDone,
        Long totalBytes,
        String driveFileId,
        String webViewLink,
        String md5,
        String sessionUri,
        String md5State,
        String error,
        int attempts,
        Instant createdAt,
        Instant updatedAt,
        long version,
        Instant leaseUntil) {

    /** A new job in QUEUED. */
    public static UploadJob queued(String id, String userId, SourcePolicy.Origin origin, UploadRequest request,
                                   Instant now) {
        return new UploadJob(id, userId, origin, request.withUploadId(id), UploadStatus.QUEUED, 0, null, null, null, null, null,
                null, null, 0, now, now, 1, null);
    }

    public Builder edit() {
        return new Builder(this);
    }

    /** The next stored version; the lease stays with it until given back. */
    public UploadJob next(Instant now) {
        return edit().set(b -> {
            b.updatedAt = now;
            b.version = version + 1;
        });
    }

    public UploadJob withLease(Instant until) {
        return edit().set(b -> b.leaseUntil = until);
    }

    public UploadJob withStatus(UploadStatus s, String err) {
        return edit().set(b -> {
            b.status = s;
            b.error = err;
        });
    }

    public UploadJob withDriveFileId(String fileId) {
        return edit().set(b -> b.driveFileId = fileId);
    }

    /** Where a resumable upload stands: its session, the acknowledged offset and the MD5 state there. */
    public UploadJob withProgress(String session, long done, Long total, String state) {
        return edit().set(b -> {
            b.sessionUri = session;
            b.bytesDone = done;
            b.totalBytes = total;
            b.md5State = state;
        });
    }

    public UploadJob withResult(String link, String md5Hex, long size) {
        return edit().set(b -> {
            b.status = UploadStatus.DONE;
            b.bytesDone = size;
            b.totalBytes = size;
            b.webViewLink = link;
            b.md5 = md5Hex;
            b.sessionUri = null;
            b.md5State = null;
            b.error = null;
        });
    }

    /**
     * The job once it is finished: a URL source keeps only scheme, host and path. A presigned URL is a
     * credential (its query signs the request); nothing needs it after the upload, so it is not kept.
     */
    public UploadJob withoutSourceSecrets() {
        return edit().set(b -> b.request = request.withoutSourceSecrets());
    }

    public UploadJob withAttempt() {
        return edit().set(b -> b.attempts = attempts + 1);
    }

    /** What the API shows: no session URI (it is a capability to write into the user's Drive). */
    public UploadView view() {
        return new UploadView(id, request.connectionId(), status, bytesDone, totalBytes, request.fileName(),
                request.mimeType(), request.folderPath(), driveFileId == null || status != UploadStatus.DONE ? null : driveFileId,
                webViewLink, md5, error, UploadMessages.appRefJson(request.appRef()), createdAt, updatedAt);
    }

    /** A copy of a job with some fields changed; the one place that lists them all. */
    public static final class Builder {
        private final String id;
        private final String userId;
        private final SourcePolicy.Origin origin;
        UploadRequest request;
        UploadStatus status;
        long bytesDone;
        Long totalBytes;
        String driveFileId;
        String webViewLink;
        String md5;
        String sessionUri;
        String md5State;
        String error;
        int attempts;
        private final Instant createdAt;
        Instant updatedAt;
        long version;
        Instant leaseUntil;

        private Builder(UploadJob j) {
            id = j.id;
            userId = j.userId;
            origin = j.origin;
            request = j.request;
            status = j.status;
            bytesDone = j.bytesDone;
            totalBytes = j.totalBytes;
            driveFileId = j.driveFileId;
            webViewLink = j.webViewLink;
            md5 = j.md5;
            sessionUri = j.sessionUri;
            md5State = j.md5State;
            error = j.error;
            attempts = j.attempts;
            createdAt = j.createdAt;
            updatedAt = j.updatedAt;
            version = j.version;
            leaseUntil = j.leaseUntil;
        }

        UploadJob set(java.util.function.Consumer<Builder> change) {
            change.accept(this);
            return build();
        }

        public UploadJob build() {
            return new UploadJob(id, userId, origin, request, status, bytesDone, totalBytes, driveFileId, webViewLink, md5,
                    sessionUri, md5State, error, attempts, createdAt, updatedAt, version, leaseUntil);
        }
    }
}
