package dev.drivelink.core.token;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Google tokens in the clear. They exist only in memory while a request needs them; toString never
 * shows them, so an accidental log line cannot leak them.
 */
public record OAuthTokens(String accessToken, String refreshToken, Instant accessTokenExpiresAt, List<String> scopes) {

    public OAuthTokens {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    public Optional<String> refreshTokenIfAny() {
        return Optional.ofNullable(refreshToken);
    }

    @Override
    public String toString() {
        return "OAuthTokens[accessToken=<redacted>, refreshToken=" + (refreshToken == null ? "none" : "<redacted>")
                + ", accessTokenExpiresAt=" + accessTokenExpiresAt + ", scopes=" + scopes + "]";
    }
}
