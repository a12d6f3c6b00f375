package dev.drivelink.core.connect;

import java.time.Instant;
import java.util.Optional;

/**
 * What we remember between sending a user to Google's consent page and their return: who asked,
 * the PKCE verifier, where to send them afterwards, and the hash of the browser key that only the
 * browser which asked holds (in a cookie), so the consent can be finished in that browser alone.
 * Single use; expires.
 */
public record ConsentState(
        String state,
        String userId,
        String nonce,
        String codeVerifier,
        String redirectUri,
        String redirectAfter,
        String requestedFolderId,
        String browserKeyHash,
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
