package dev.drivelink.emulator;

import java.time.Instant;
import java.util.List;

/**
 * What the emulator knows about one grant (the tokens issued from one authorization code).
 *
 * @param grantId              internal id
 * @param clientId             the OAuth client
 * @param account              the Google account's email
 * @param scopes               granted scopes
 * @param refreshTokenIssued   whether a refresh token was issued (access_type=offline)
 * @param issuedAt             when the code was exchanged
 * @param revoked              whether the grant (refresh token and its access tokens) is revoked
 * @param revokedAt            when, if revoked
 * @param revokedBecause       why ("revoke endpoint", "authorization code replayed", "admin")
 * @param accessTokensIssued   access tokens issued so far (exchange + refreshes)
 * @param activeAccessTokens   access tokens neither revoked nor expired now
 * @param refreshes            successful refresh_token grants
 */
public record GrantInfo(String grantId, String clientId, String account, List<String> scopes, boolean refreshTokenIssued,
                        Instant issuedAt, boolean revoked, Instant revokedAt, String revokedBecause,
                        int accessTokensIssued, int activeAccessTokens, int refreshes) {
}
