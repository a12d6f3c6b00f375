package dev.drivelink.core.upload;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** An upload as the API shows it. {@code appRef} is the host app's JSON value, as it sent it (not a string of it). */
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
        JsonNode appRef,
        Instant createdAt,
        Instant updatedAt) {
}
