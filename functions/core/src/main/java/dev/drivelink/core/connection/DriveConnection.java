package dev.drivelink.core.connection;

import dev.drivelink.core.token.SealedTokens;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One user's link to one Google account. The tokens are only ever held sealed; {@code version}
 * guards concurrent writers (optimistic locking).
 */
public record DriveConnection(
        String id,
        String userId,
        GoogleAccount account,
        ConnectionStatus status,
        FolderRef rootFolder,
        List<String> scopes,
        SealedTokens tokens,
        Instant accessTokenExpiresAt,
        String lastError,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public DriveConnection {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    public Optional<SealedTokens> sealedTokens() {
        return Optional.ofNullable(tokens);
    }

    public boolean ownedBy(String user) {
        return userId.equals(user);
    }

    /** What may leave the backend: everything but the tokens. */
    public ConnectionView view() {
        return new ConnectionView(id, account.email(), account.displayName(), status, rootFolder, scopes,
                createdAt, updatedAt, lastError);
    }
}
