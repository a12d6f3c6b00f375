package dev.drivelink.core.connection;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One user's link to one Google account. The tokens are only ever held sealed; {@code version}
 * guards concurrent writers (optimistic locking). {@code refreshLeaseUntil} is set while one Lambda
 * refreshes the tokens, so the others wait instead of refreshing too.
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
        long version,
        Instant refreshLeaseUntil) {

    public DriveConnection {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    public Optional<SealedTokens> sealedTokens() {
        return Optional.ofNullable(tokens);
    }

    public boolean ownedBy(String user) {
        return userId.equals(user);
    }

    public boolean refreshLeasedAt(Instant now) {
        return refreshLeaseUntil != null && refreshLeaseUntil.isAfter(now);
    }

    /** The next version of this connection, changed at {@code now}; the lease does not carry over. */
    public DriveConnection next(Instant now, ConnectionStatus newStatus, SealedTokens newTokens, Instant newExpiry,
                                List<String> newScopes, String newLastError) {
        return new DriveConnection(id, userId, account, newStatus, rootFolder, newScopes, newTokens, newExpiry,
                newLastError, createdAt, now, version + 1, null);
    }

    public DriveConnection withRootFolder(FolderRef folder, Instant now) {
        return new DriveConnection(id, userId, account, status, folder, scopes, tokens, accessTokenExpiresAt,
                lastError, createdAt, now, version + 1, null);
    }

    /** What may leave the backend: everything but the tokens. */
    public ConnectionView view(List<String> requiredScopes) {
        boolean needsReconsent = status != ConnectionStatus.REVOKED
                && !OAuthScopes.canonical(scopes).containsAll(OAuthScopes.canonical(requiredScopes));
        return new ConnectionView(id, account.email(), account.displayName(), status, rootFolder, scopes,
                needsReconsent, createdAt, updatedAt, lastError);
    }
}
