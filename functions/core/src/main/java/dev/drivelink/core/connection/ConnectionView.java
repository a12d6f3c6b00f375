package dev.drivelink.core.connection;

import java.time.Instant;
import java.util.List;

/**
 * A connection as the API shows it. It has no token field by construction. {@code needsReconsent}
 * is true when the configured scopes ask for more than this connection was granted: the user should
 * connect again (the next consent replaces the grant). {@code nextRefreshAttemptAt}: while the status is
 * ERROR, from when the scheduled refresh tries again (null otherwise).
 */
public record ConnectionView(
        String id,
        String googleEmail,
        String googleName,
        ConnectionStatus status,
        FolderRef rootFolder,
        List<String> scopes,
        boolean needsReconsent,
        Instant createdAt,
        Instant updatedAt,
        String lastError,
        Instant nextRefreshAttemptAt) {
}
