package dev.drivelink.core.adapters.google;

import com.google.api.client.auth.oauth2.AuthorizationCodeRequestUrl;
import com.google.api.client.googleapis.auth.oauth2.GoogleAuthorizationCodeTokenRequest;
import com.google.api.client.googleapis.auth.oauth2.GoogleRefreshTokenRequest;
import com.google.api.client.googleapis.auth.oauth2.GoogleTokenResponse;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.UrlEncodedContent;
import com.google.api.client.json.gson.GsonFactory;
import dev.drivelink.core.token.OAuthProvider;
import dev.drivelink.core.token.OAuthTokens;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Google's OAuth 2.0 endpoints through google-api-client; every URL comes from configuration. */
public final class GoogleOAuthProvider implements OAuthProvider {

    private final HttpTransport transport;
    private final String clientId;
    private final String clientSecret;
    private final String authUri;
    private final String tokenUri;
    private final String revokeUri;
    private final Clock clock;
    private final HttpRequestInitializer timeouts;

    /** @param timeout connect and read timeout of each call to the token and revoke endpoints */
    public GoogleOAuthProvider(HttpTransport transport, String clientId, String clientSecret, String authUri,
                               String tokenUri, String revokeUri, Duration timeout, Clock clock) {
        this.timeouts = request -> {
            request.setConnectTimeout((int) timeout.toMillis());
            request.setReadTimeout((int) timeout.toMillis());
            request.setNumberOfRetries(0);
        };
        this.transport = transport;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.authUri = authUri;
        this.tokenUri = tokenUri;
        this.revokeUri = revokeUri;
        this.clock = clock;
    }

    @Override
    public String authorizationUrl(AuthorizationRequest request) {
        return new AuthorizationCodeRequestUrl(authUri, clientId)
                .setRedirectUri(request.redirectUri())
                .setScopes(request.scopes())
                .setState(request.state())
                .set("access_type", "offline")
                .set("prompt", "consent")
                .set("include_granted_scopes", "false")
                .set("code_challenge", request.codeChallenge())
                .set("code_challenge_method", "S256")
                .set("nonce", request.nonce())
                .build();
    }

    @Override
    public OAuthTokens exchangeCode(String code, String redirectUri, String codeVerifier) {
        try {
            GoogleTokenResponse response = new GoogleAuthorizationCodeTokenRequest(transport,
                    GsonFactory.getDefaultInstance(), tokenUri, clientId, clientSecret, code, redirectUri)
                    .setRequestInitializer(timeouts)
                    .set("code_verifier", codeVerifier)
                    .execute();
            return tokens(response);
        } catch (IOException e) {
            throw GoogleErrors.classify("code exchange", e);
        }
    }

    @Override
    public OAuthTokens refresh(String refreshToken) {
        try {
            return tokens(new GoogleRefreshTokenRequest(transport, GsonFactory.getDefaultInstance(), refreshToken,
                    clientId, clientSecret).setTokenServerUrl(new GenericUrl(tokenUri)).setRequestInitializer(timeouts)
                    .execute());
        } catch (IOException e) {
            throw GoogleErrors.classify("token refresh", e);
        }
    }

    @Override
    public void revoke(String token) {
        try {
            transport.createRequestFactory(timeouts)
                    .buildPostRequest(new GenericUrl(revokeUri), new UrlEncodedContent(java.util.Map.of("token", token)))
                    .execute().disconnect();
        } catch (IOException e) {
            throw GoogleErrors.classify("revoke", e);
        }
    }

    private OAuthTokens tokens(GoogleTokenResponse response) {
        var expiresIn = response.getExpiresInSeconds();
        return new OAuthTokens(response.getAccessToken(), response.getRefreshToken(),
                expiresIn == null ? null : clock.instant().plusSeconds(expiresIn),
                response.getScope() == null ? List.of() : List.of(response.getScope().trim().split("\\s+")));
    }
}
