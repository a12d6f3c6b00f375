package dev.drivelink.core.connection;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One user's link to one Google account. The tokens are only ever held sealed; {@code version}
 * guards concurrent writers (optimistic locking). {@code refreshLeaseUntil} is set while one Lambda
 * refreshes the tokens, so the others wait instead of refreshing too. While refreshes keep failing
 * (status ERROR), {@code refreshFailures} counts them since {@code failingSince} and the scheduled sweep
 * tries again only from {@code nextRefreshAt} on ({@link RefreshBackoff}).
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
        Instant refreshLeaseUntil,
        int refreshFailures,
        Instant failingSince,
        Instant nextRefreshAt) {

    public DriveConnection {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    /** A connection with no failed refreshes behind it. */
    public DriveConnection(String id, String userId, GoogleAccount account, ConnectionStatus status, FolderRef rootFolder,
                           List<String> scopes, SealedTokens tokens, Instant accessTokenExpiresAt, String lastError,
                           Instant createdAt, Instant updatedAt, long version, Instant refreshLeaseUntil) {
        this(id, userId, account, status, rootFolder, scopes, tokens, accessTokenExpiresAt, lastError, createdAt, updatedAt,
                version, refreshLeaseUntil, 0, null, null);
    }

    /** When the scheduled sweep should refresh it: at the token's expiry, or later while failures back off. */
    public Instant refreshDueAt() {
        if (accessTokenExpiresAt == null) {
            return nextRefreshAt;
        }
        return nextRefreshAt != null && nextRefreshAt.isAfter(accessTokenExpiresAt) ? nextRefreshAt : accessTokenExpiresAt;
    }

    /** The next version after one more failed refresh, backing off as {@link RefreshBackoff} says. */
    public DriveConnection afterFailedRefresh(Instant now, String reason) {
        int failures = refreshFailures + 1;
        Instant since = failingSince == null ? now : failingSince;
        return new DriveConnection(id, userId, account, ConnectionStatus.ERROR, rootFolder, scopes, tokens,
                accessTokenExpiresAt, reason, createdAt, now, version + 1, null, failures, since,
                RefreshBackoff.next(failures, since, now));
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
        // a new status ends any run of failed refreshes
        return new DriveConnection(id, userId, account, newStatus, rootFolder, newScopes, newTokens, newExpiry,
                newLastError, createdAt, now, version + 1, null, 0, null, null);
    }

    public DriveConnection withRootFolder(FolderRef folder, Instant now) {
        return new DriveConnection(id, userId, account, status, folder, scopes, tokens, accessTokenExpiresAt,
                lastError, createdAt, now, version + 1, null, refreshFailures, failingSince, nextRefreshAt);
    }

    /** What may leave the backend: everything but the tokens. */
    public ConnectionView view(List<String> requiredScopes) {
        boolean needsReconsent = status != ConnectionStatus.REVOKED
                && !OAuthScopes.canonical(scopes).containsAll(OAuthScopes.canonical(requiredScopes));
        return new ConnectionView(id, account.email(), account.displayName(), status, rootFolder, scopes,
                needsReconsent, createdAt, updatedAt, lastError,
                status == ConnectionStatus.ERROR ? nextRefreshAt : null);
    }
}
