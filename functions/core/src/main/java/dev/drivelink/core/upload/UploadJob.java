package dev.drivelink.core.upload;

import java.time.Instant;

/**
 * One upload's state, kept so a retried or continued delivery picks up where the last one stopped:
 * the Drive file id chosen before the first byte (so a retried create cannot make a second file),
 * the resumable session and how much Drive acknowledged.
 */
public record UploadJob(
        String id,
        String userId,
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

    /** The next stored version; the lease stays with it until given back. */
    public UploadJob next(Instant now) {
        return new UploadJob(id, userId, request, status, bytesDone, totalBytes, driveFileId, webViewLink, md5,
                sessionUri, md5State, error, attempts, createdAt, now, version + 1, leaseUntil);
    }

    /** Holds (or, with null, gives back) the work lease: one worker at a time per job. */
    public UploadJob withLease(Instant until) {
        return new UploadJob(id, userId, request, status, bytesDone, totalBytes, driveFileId, webViewLink, md5,
                sessionUri, md5State, error, attempts, createdAt, updatedAt, version, until);
    }

    public UploadJob withStatus(UploadStatus s, String err) {
        return new UploadJob(id, userId, request, s, bytesDone, totalBytes, driveFileId, webViewLink, md5,
                sessionUri, md5State, err, attempts, createdAt, updatedAt, version, leaseUntil);
    }

    public UploadJob withProgress(long done, Long total) {
        return new UploadJob(id, userId, request, status, done, total, driveFileId, webViewLink, md5, sessionUri,
                md5State, error, attempts, createdAt, updatedAt, version, leaseUntil);
    }

    public UploadJob withDriveFileId(String fileId) {
        return new UploadJob(id, userId, request, status, bytesDone, totalBytes, fileId, webViewLink, md5, sessionUri,
                md5State, error, attempts, createdAt, updatedAt, version, leaseUntil);
    }

    public UploadJob withSession(String uri) {
        return new UploadJob(id, userId, request, status, bytesDone, totalBytes, driveFileId, webViewLink, md5, uri,
                md5State, error, attempts, createdAt, updatedAt, version, leaseUntil);
    }

    public UploadJob withMd5State(String state) {
        return new UploadJob(id, userId, request, status, bytesDone, totalBytes, driveFileId, webViewLink, md5,
                sessionUri, state, error, attempts, createdAt, updatedAt, version, leaseUntil);
    }

    public UploadJob withResult(String link, String md5Hex, long size) {
        return new UploadJob(id, userId, request, UploadStatus.DONE, size, size, driveFileId, link, md5Hex, null,
                null, null, attempts, createdAt, updatedAt, version, leaseUntil);
    }

    public UploadJob withAttempt() {
        return new UploadJob(id, userId, request, status, bytesDone, totalBytes, driveFileId, webViewLink, md5,
                sessionUri, md5State, error, attempts + 1, createdAt, updatedAt, version, leaseUntil);
    }

    /** What the API shows: no session URI (it is a capability to write into the user's Drive). */
    public UploadView view() {
        return new UploadView(id, request.connectionId(), status, bytesDone, totalBytes, request.fileName(),
                request.mimeType(), request.folderPath(), driveFileId == null || status != UploadStatus.DONE ? null : driveFileId,
                webViewLink, md5, error, request.appRef(), createdAt, updatedAt);
    }
}
