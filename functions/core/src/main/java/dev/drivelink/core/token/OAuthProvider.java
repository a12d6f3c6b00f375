package dev.drivelink.core.token;

import java.util.List;

/** Port: Google's OAuth 2.0 endpoints. */
public interface OAuthProvider {

    /** The consent page URL for an authorization-code flow with PKCE (S256), offline access and forced consent. */
    String authorizationUrl(AuthorizationRequest request);

    /** Trades an authorization code for tokens, proving possession of the PKCE verifier. */
    OAuthTokens exchangeCode(String code, String redirectUri, String codeVerifier);

    /**
     * A new access token for a refresh token. The answer's refresh token is usually null (Google keeps
     * the old one valid); scopes are those of the grant.
     *
     * @throws DriveException INVALID_GRANT when the refresh token is dead; another kind for other failures
     */
    OAuthTokens refresh(String refreshToken);

    /** Revokes the grant behind a token (refresh or access). */
    void revoke(String token);

    record AuthorizationRequest(String redirectUri, List<String> scopes, String state, String nonce,
                                String codeChallenge) {
    }
}
