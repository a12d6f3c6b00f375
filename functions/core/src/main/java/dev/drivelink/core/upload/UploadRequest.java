package dev.drivelink.core.upload;

import java.util.Optional;

/**
 * What a host app asks for: put these bytes into this connection's Drive, under the root (and an
 * optional folder path), as this file. Version 1 of the message (see docs/upload-request.schema.json).
 *
 * @param uploadId       set when the API created the job (POST /drive/uploads) or for a continuation
 * @param appRef         the host app's own reference (JSON object text), echoed in status and events
 * @param idempotencyKey the same key twice (per connection) gives one Drive file
 */
public record UploadRequest(
        int version,
        String uploadId,
        String connectionId,
        UploadSource source,
        String fileName,
        String mimeType,
        String folderPath,
        String appRef,
        String idempotencyKey) {

    public static final int CURRENT_VERSION = 1;

    public Optional<String> folderPathIfAny() {
        return Optional.ofNullable(folderPath).filter(p -> !p.isBlank());
    }

    /** The same request with a URL source cut to scheme, host and path (no user info, query or fragment). */
    public UploadRequest withoutSourceSecrets() {
        if (!(source instanceof UploadSource.Url url)) {
            return this;
        }
        return new UploadRequest(version, uploadId, connectionId, new UploadSource.Url(url.withoutSecrets()), fileName,
                mimeType, folderPath, appRef, idempotencyKey);
    }

    public UploadRequest withUploadId(String id) {
        return new UploadRequest(version, id, connectionId, source, fileName, mimeType, folderPath, appRef, idempotencyKey);
    }
}
