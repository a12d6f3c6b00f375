package dev.drivelink.core.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drivelink.core.testing.TestWorld;
import dev.drivelink.core.token.OAuthProvider;
import dev.drivelink.core.token.OAuthTokens;
import dev.drivelink.emulator.ConsentBrowser;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * drivelink asks Google for exactly the configured scopes (include_granted_scopes=false) and does not
 * silently accept more: a grant carrying scopes nobody configured is refused and nothing is stored.
 * Google is the emulator; the extra scope is added to its real answer, as Google would add earlier
 * grants of the same client when include_granted_scopes is on.
 */
class GrantedScopesTest {

    static final String DRIVE_FILE = "https://www.googleapis.com/auth/drive.file";
    static final String FULL_DRIVE = "https://www.googleapis.com/auth/drive";
    static TestWorld world;

    @BeforeAll
    static void startWorld() {
        world = TestWorld.start();
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    /** The connect flow as wired, with Google answering {@code extra} scopes on top of what it granted. */
    static OAuthFlowService flowWithGoogleAdding(List<String> extra) {
        var infra = world.driveLink.infrastructure();
        OAuthProvider real = infra.oauth();
        OAuthProvider generous = new OAuthProvider() {
            @Override
            public String authorizationUrl(AuthorizationRequest request) {
                return real.authorizationUrl(request);
            }

            @Override
            public OAuthTokens exchangeCode(String code, String redirectUri, String codeVerifier) {
                OAuthTokens t = real.exchangeCode(code, redirectUri, codeVerifier);
                List<String> scopes = new ArrayList<>(t.scopes());
                scopes.addAll(extra);
                return new OAuthTokens(t.accessToken(), t.refreshToken(), t.accessTokenExpiresAt(), scopes);
            }

            @Override
            public OAuthTokens refresh(String refreshToken) {
                return real.refresh(refreshToken);
            }

            @Override
            public void revoke(String token) {
                real.revoke(token);
            }
        };
        return world.oauthFlowWith(generous, world.consentStates());
    }

    static OAuthFlowService.CallbackOutcome connect(OAuthFlowService flow, String user) {
        var authUrl = flow.authUrl(new OAuthFlowService.AuthUrlRequest(user, null, null, null));
        Map<String, String> q = ConsentBrowser.query(URI.create(authUrl.url()));
        assertThat(q).containsEntry("include_granted_scopes", "false").containsEntry("scope", DRIVE_FILE);
        var back = ConsentBrowser.query(new ConsentBrowser().allow(authUrl.url(), "alice@example.com"));
        return flow.callback(new OAuthFlowService.CallbackRequest(back.get("state"), back.get("code"), back.get("error"),
                authUrl.browserKey()));
    }

    @Test
    void aGrantWithScopesNobodyAskedForIsRefusedAndNothingIsStored() {
        String user = "user-" + UUID.randomUUID();

        var outcome = connect(flowWithGoogleAdding(List.of(FULL_DRIVE)), user);

        assertThat(outcome.error()).isEqualTo(ConnectError.UNEXPECTED_SCOPES);
        assertThat(outcome.location()).endsWith("?error=unexpected_scopes");
        assertThat(world.driveLink.connections().findByUser(user)).isEmpty();
    }

    @Test
    void theSameScopeUnderItsShortOrCanonicalNameIsNotExtra() {
        String user = "user-" + UUID.randomUUID();

        var outcome = connect(flowWithGoogleAdding(List.of(DRIVE_FILE)), user);

        assertThat(outcome.error()).isNull();
        assertThat(world.driveLink.connectionQueries().get(user, outcome.connectionId()).scopes()).contains(DRIVE_FILE);
    }
}
