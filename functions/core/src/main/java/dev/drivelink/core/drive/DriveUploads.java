package dev.drivelink.core.drive;

import java.util.Optional;

/** Drive's upload endpoints: one multipart request, or a resumable session fed in chunks. */
public interface DriveUploads {

    /** What a new file is: its id (from generateIds), name, type and parent. */
    record NewFile(String id, String name, String mimeType, String parentId) {
    }

    /** Where a resumable session stands: what Drive has; the file once it is complete. */
    record SessionState(long acknowledged, Optional<DriveFile> completed) {
    }

    /** One multipart request: metadata and content together. */
    DriveFile multipart(NewFile file, byte[] content, int length);

    /**
     * A new revision of an existing file (files.update with media, one multipart request): its content
     * becomes {@code content}; Drive keeps the old revision.
     *
     * @throws DriveException NOT_FOUND when the file is gone
     */
    DriveFile updateContent(String fileId, String mimeType, byte[] content, int length);

    /** Starts a resumable session; returns the session URI. {@code totalBytes} may be null (unknown). */
    String startResumable(NewFile file, Long totalBytes);

    /**
     * Starts a resumable session for a new revision of an existing file (files.update,
     * uploadType=resumable); the chunks then go through {@link #putChunk} like a new file's.
     *
     * @throws DriveException NOT_FOUND when the file is gone
     */
    String startResumableUpdate(String fileId, String mimeType, Long totalBytes);

    /**
     * Sends {@code length} bytes at {@code offset}. {@code totalBytes} null means "not known yet" (only
     * for non-final chunks). Answers what Drive acknowledged, and the file when this was the last chunk.
     *
     * @throws DriveException NOT_FOUND when the session is gone (404/410): start a new one
     */
    SessionState putChunk(String sessionUri, byte[] buffer, int length, long offset, Long totalBytes);

    /** Asks the session how much it has ({@code Content-Range: bytes *}/N). */
    SessionState status(String sessionUri, Long totalBytes);
}
