package dev.drivelink.core.connection;

import java.time.Instant;
import java.util.List;

/** A connection as the API shows it. It has no token field by construction. */
public record ConnectionView(
        String id,
        String googleEmail,
        String googleName,
        ConnectionStatus status,
        FolderRef rootFolder,
        List<String> scopes,
        Instant createdAt,
        Instant updatedAt,
        String lastError) {
}
