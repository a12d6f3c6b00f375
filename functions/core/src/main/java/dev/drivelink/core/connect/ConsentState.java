package dev.drivelink.core.connect;

import java.time.Instant;
import java.util.Optional;

/**
 * What we remember between sending a user to Google's consent page and their return: who asked,
 * the PKCE verifier, where to send them afterwards. Single use; expires.
 */
public record ConsentState(
        String state,
        String userId,
        String nonce,
        String codeVerifier,
        String redirectUri,
        String redirectAfter,
        String requestedFolderId,
        Instant createdAt,
        Instant expiresAt) {

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public Optional<String> redirectAfterUrl() {
        return Optional.ofNullable(redirectAfter);
    }

    public Optional<String> requestedFolder() {
        return Optional.ofNullable(requestedFolderId);
    }
}
