package dev.drivelink.core.upload;

import java.time.Instant;

/** An upload as the API shows it. {@code appRef} is the host app's JSON, as it sent it. */
public record UploadView(
        String id,
        String connectionId,
        UploadStatus status,
        long bytesDone,
        Long totalBytes,
        String fileName,
        String mimeType,
        String folderPath,
        String driveFileId,
        String webViewLink,
        String md5Checksum,
        String error,
        String appRef,
        Instant createdAt,
        Instant updatedAt) {
}
