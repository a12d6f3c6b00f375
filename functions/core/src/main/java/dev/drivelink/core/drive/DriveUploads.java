package dev.drivelink.core.drive;

import java.util.List;
import java.util.Optional;

/** Port: the Drive calls an upload makes, with a given access token. */
public interface DriveUploads {

    /** What a new file is: its id (from generateIds), name, type and parent. */
    record NewFile(String id, String name, String mimeType, String parentId) {
    }

    /** Where a resumable session stands: what Drive has; the file once it is complete. */
    record SessionState(long acknowledged, Optional<DriveFile> completed) {
    }

    /** files.generateIds: ids reserved for this app, so a retried create cannot make a second file. */
    List<String> generateIds(String accessToken, int count);

    /** One multipart request: metadata and content together. */
    DriveFile uploadSmall(String accessToken, NewFile file, byte[] content, int length);

    /** Starts a resumable session; returns the session URI. {@code totalBytes} may be null (unknown). */
    String startResumable(String accessToken, NewFile file, Long totalBytes);

    /**
     * Sends {@code length} bytes at {@code offset}. {@code totalBytes} null means "not known yet" (only
     * for non-final chunks). Answers what Drive acknowledged, and the file when this was the last chunk.
     *
     * @throws DriveException NOT_FOUND when the session is gone (404/410): start a new one
     */
    SessionState putChunk(String accessToken, String sessionUri, byte[] buffer, int length, long offset, Long totalBytes);

    /** Asks the session how much it has ({@code Content-Range: bytes *}/N). */
    SessionState queryStatus(String accessToken, String sessionUri, Long totalBytes);

    /** The file with size and md5, if this app can see it. */
    DriveFile file(String accessToken, String fileId);

    /** A folder named {@code name} directly under {@code parentId}, not trashed, if there is one. */
    Optional<DriveItem> findChildFolder(String accessToken, String parentId, String name);
}
