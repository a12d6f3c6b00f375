package dev.drivelink.core.connect;

import dev.drivelink.core.connect.OAuthFlowService.AuthUrl;
import dev.drivelink.core.connect.OAuthFlowService.AuthUrlRequest;
import dev.drivelink.core.connect.OAuthFlowService.Settings;
import dev.drivelink.core.error.DomainException;
import dev.drivelink.core.token.OAuthProvider;
import java.time.Clock;
import java.time.Instant;

/**
 * The first half of "connect Google Drive": a stored, single-use consent state and Google's
 * authorization URL for it. It needs only the consent store and the URL builder (no tokens, no keys, no
 * Drive), so the auth-url function builds nothing else; {@link OAuthFlowService} finishes the flow.
 */
public final class ConsentStart {

    private final Settings settings;
    private final RedirectPolicy redirectPolicy;
    private final ConsentStateRepository consents;
    private final OAuthProvider oauth;
    private final Clock clock;

    public ConsentStart(Settings settings, RedirectPolicy redirectPolicy, ConsentStateRepository consents,
                        OAuthProvider oauth, Clock clock) {
        this.settings = settings;
        this.redirectPolicy = redirectPolicy;
        this.consents = consents;
        this.oauth = oauth;
        this.clock = clock;
    }

    public AuthUrl authUrl(AuthUrlRequest request) {
        if (request.userId() == null || request.userId().isBlank()) {
            throw DomainException.unauthenticated("no signed-in user");
        }
        String redirectAfter = blankToNull(request.redirectAfter());
        if (redirectAfter != null) {
            redirectAfter = redirectPolicy.requireAllowed(redirectAfter);
        }
        String folderId = blankToNull(request.folder()) == null ? null : FolderReference.parse(request.folder());
        String redirectUri = settings.redirectUri().filter(s -> !s.isBlank())
                .orElseGet(() -> defaultRedirectUri(request.requestDomain()));

        Instant now = clock.instant();
        String verifier = Secrets.random(48);
        String browserKey = Secrets.random(32);
        var consent = new ConsentState(Secrets.random(32), request.userId(), Secrets.random(16), verifier,
                redirectUri, redirectAfter, folderId, Secrets.sha256(browserKey), now, now.plus(settings.stateTtl()));
        consents.put(consent);
        String url = oauth.authorizationUrl(new OAuthProvider.AuthorizationRequest(redirectUri, settings.scopes(),
                consent.state(), consent.nonce(), Secrets.codeChallenge(verifier)));
        return new AuthUrl(url, consent.expiresAt(), browserKey);
    }

    private static String defaultRedirectUri(String requestDomain) {
        if (requestDomain == null || requestDomain.isBlank()) {
            throw new IllegalStateException("drivelink.oauth.redirect-uri is not set and the request has no domain");
        }
        return "https://" + requestDomain + "/drive/callback";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
