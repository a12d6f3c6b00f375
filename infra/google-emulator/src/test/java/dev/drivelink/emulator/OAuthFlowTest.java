package dev.drivelink.emulator;

import com.google.api.client.auth.oauth2.TokenResponse;
import com.google.api.client.auth.oauth2.TokenResponseException;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.auth.oauth2.UserCredentials;
import com.google.api.services.drive.model.About;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.drivelink.emulator.TestClients.CLIENT_ID;
import static dev.drivelink.emulator.TestClients.CLIENT_SECRET;
import static dev.drivelink.emulator.TestClients.DRIVE_FILE;
import static dev.drivelink.emulator.TestClients.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OAuthFlowTest {
    @RegisterExtension
    static GoogleEmulatorExtension google = GoogleEmulatorExtension.withClient(CLIENT_ID, CLIENT_SECRET, REDIRECT);

    GoogleEmulator emu;

    @BeforeEach
    void reset() {
        emu = google.emulator();
        emu.admin().reset();
    }

    private Map<String, String> authParams() throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("client_id", CLIENT_ID);
        p.put("redirect_uri", REDIRECT);
        p.put("response_type", "code");
        p.put("scope", DRIVE_FILE + " openid email");
        p.put("state", "a b&c=d/é");
        p.put("access_type", "offline");
        p.put("prompt", "consent");
        p.put("code_challenge", Browser.challenge(Browser.verifier()));
        p.put("code_challenge_method", "S256");
        return p;
    }

    @Test
    void consentPageShowsClientScopesAndAccounts() throws Exception {
        Map<String, String> p = authParams();
        p.put("login_hint", "bob@example.com");
        HttpResponse<String> page = Browser.get(Browser.authUrl(emu, p));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.body())
                .contains(CLIENT_ID)
                .contains("only the specific Google Drive files you use with this app")
                .contains("<input type=\"radio\" name=\"account\" value=\"alice@example.com\">")
                .contains("<input type=\"radio\" name=\"account\" value=\"bob@example.com\" checked>")
                .contains("data-account=\"carol@example.com\"")
                .contains("<button type=\"submit\" id=\"allow\" name=\"decision\" value=\"allow\">Allow</button>")
                .contains("<button type=\"submit\" id=\"deny\" name=\"decision\" value=\"deny\">Deny</button>")
                .contains("action=\"/o/oauth2/v2/auth/decision\"");
    }

    @Test
    void allowRedirectsWithCodeStateAndScope() throws Exception {
        Map<String, String> p = authParams();
        HttpResponse<String> decision = Browser.consent(emu, p, "alice@example.com", "allow");
        assertThat(decision.statusCode()).isEqualTo(302);
        String location = decision.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT + "?");
        Map<String, String> q = Browser.query(location);
        assertThat(q.get("state")).isEqualTo("a b&c=d/é");
        assertThat(q.get("code")).startsWith("4/");
        assertThat(q.get("scope")).contains(DRIVE_FILE, "openid", "https://www.googleapis.com/auth/userinfo.email");
    }

    @Test
    void decisionIsSingleUse() throws Exception {
        HttpResponse<String> page = Browser.get(Browser.authUrl(emu, authParams()));
        String requestId = Browser.requestId(page.body());
        Map<String, String> form = Map.of("request_id", requestId, "account", "alice@example.com", "decision", "allow");
        assertThat(Browser.postForm(emu.baseUrl() + "o/oauth2/v2/auth/decision", form).statusCode()).isEqualTo(302);
        assertThat(Browser.postForm(emu.baseUrl() + "o/oauth2/v2/auth/decision", form).statusCode()).isEqualTo(400);
    }

    @Test
    void denyRedirectsWithAccessDenied() throws Exception {
        HttpResponse<String> decision = Browser.consent(emu, authParams(), "alice@example.com", "deny");
        assertThat(decision.statusCode()).isEqualTo(302);
        Map<String, String> q = Browser.query(decision.headers().firstValue("Location").orElseThrow());
        assertThat(q).containsEntry("error", "access_denied").containsEntry("state", "a b&c=d/é").doesNotContainKey("code");
    }

    @Test
    void unknownClientIsAnErrorPageWithoutRedirect() throws Exception {
        Map<String, String> p = authParams();
        p.put("client_id", "nobody");
        HttpResponse<String> page = Browser.get(Browser.authUrl(emu, p));
        assertThat(page.statusCode()).isEqualTo(401);
        assertThat(page.headers().firstValue("Location")).isEmpty();
        assertThat(page.body()).contains("invalid_client");
    }

    @Test
    void unregisteredRedirectUriIsAnErrorPageWithoutRedirect() throws Exception {
        Map<String, String> p = authParams();
        p.put("redirect_uri", "http://evil.example/cb");
        HttpResponse<String> page = Browser.get(Browser.authUrl(emu, p));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.headers().firstValue("Location")).isEmpty();
        assertThat(page.body()).contains("redirect_uri_mismatch");
    }

    @Test
    void missingScopeRedirectsWithInvalidRequest() throws Exception {
        Map<String, String> p = authParams();
        p.remove("scope");
        HttpResponse<String> r = Browser.get(Browser.authUrl(emu, p));
        assertThat(r.statusCode()).isEqualTo(302);
        Map<String, String> q = Browser.query(r.headers().firstValue("Location").orElseThrow());
        assertThat(q).containsEntry("error", "invalid_request").containsEntry("state", "a b&c=d/é");
    }

    @Test
    void missingResponseTypeRedirectsWithInvalidRequest() throws Exception {
        Map<String, String> p = authParams();
        p.remove("response_type");
        HttpResponse<String> r = Browser.get(Browser.authUrl(emu, p));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(Browser.query(r.headers().firstValue("Location").orElseThrow())).containsEntry("error", "invalid_request");
    }

    @Test
    void pkceExchangeIssuesTokensThatWorkOnDrive() throws Exception {
        TestClients.Authorization a = TestClients.authorize(emu, "alice@example.com", DRIVE_FILE, true, "consent");
        TokenResponse tokens = TestClients.exchange(emu, a.code(), a.verifier());
        assertThat(tokens.getAccessToken()).startsWith("ya29.");
        assertThat(tokens.getRefreshToken()).startsWith("1//");
        assertThat(tokens.getTokenType()).isEqualTo("Bearer");
        assertThat(tokens.getExpiresInSeconds()).isEqualTo(3599L);
        assertThat(tokens.getScope()).isEqualTo(DRIVE_FILE);

        About about = TestClients.drive(emu, tokens.getAccessToken()).about().get().setFields("user").execute();
        assertThat(about.getUser().getEmailAddress()).isEqualTo("alice@example.com");
        assertThat(emu.admin().grants(CLIENT_ID, "alice@example.com")).singleElement()
                .satisfies(g -> {
                    assertThat(g.refreshTokenIssued()).isTrue();
                    assertThat(g.revoked()).isFalse();
                    assertThat(g.scopes()).containsExactly(DRIVE_FILE);
                });
    }

    @Test
    void wrongVerifierIsInvalidGrant() throws Exception {
        TestClients.Authorization a = TestClients.authorize(emu, "alice@example.com", DRIVE_FILE, true, "consent");
        assertThatThrownBy(() -> TestClients.exchange(emu, a.code(), Browser.verifier()))
                .isInstanceOfSatisfying(TokenResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getDetails().getError()).isEqualTo("invalid_grant");
                });
        // the right verifier still works: a failed attempt does not burn the code
        assertThat(TestClients.exchange(emu, a.code(), a.verifier()).getAccessToken()).isNotBlank();
    }

    @Test
    void missingVerifierIsInvalidGrant() throws Exception {
        TestClients.Authorization a = TestClients.authorize(emu, "alice@example.com", DRIVE_FILE, true, "consent");
        Map<String, String> form = Map.of("grant_type", "authorization_code", "code", a.code(), "redirect_uri", REDIRECT,
                "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET);
        HttpResponse<String> r = Browser.postForm(emu.tokenUri(), form);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"error\" : \"invalid_grant\"");
    }

    @Test
    void reusedCodeIsInvalidGrantAndRevokesTheTokensIssuedFromIt() throws Exception {
        TestClients.Authorization a = TestClients.authorize(emu, "alice@example.com", DRIVE_FILE, true, "consent");
        TokenResponse first = TestClients.exchange(emu, a.code(), a.verifier());
        assertThatThrownBy(() -> TestClients.exchange(emu, a.code(), a.verifier()))
                .isInstanceOfSatisfying(TokenResponseException.class,
                        e -> assertThat(e.getDetails().getError()).isEqualTo("invalid_grant"));
        assertThatThrownBy(() -> TestClients.drive(emu, first.getAccessToken()).about().get().setFields("user").execute())
                .isInstanceOfSatisfying(GoogleJsonResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(401));
        assertThat(emu.admin().grants(CLIENT_ID, "alice@example.com")).singleElement()
                .satisfies(g -> assertThat(g.revoked()).isTrue());
    }

    @Test
    void expiredCodeIsInvalidGrant() throws Exception {
        TestClients.Authorization a = TestClients.authorize(emu, "alice@example.com", DRIVE_FILE, true, "consent");
        emu.admin().advanceClock(Duration.ofMinutes(10).plusSeconds(1));
        assertThatThrownBy(() -> TestClients.exchange(emu, a.code(), a.verifier()))
                .isInstanceOfSatisfying(TokenResponseException.class,
                        e -> assertThat(e.getDetails().getError()).isEqualTo("invalid_grant"));
    }

    @Test
    void redirectUriMustMatchTheAuthorization() throws Exception {
        emu.registerClient(CLIENT_ID, CLIENT_SECRET, java.util.List.of(REDIRECT, "http://localhost:3000/other"));
        TestClients.Authorization a = TestClients.authorize(emu, "alice@example.com", DRIVE_FILE, true, "consent");
        Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "authorization_code", "code", a.code(),
                "redirect_uri", "http://localhost:3000/other", "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET,
                "code_verifier", a.verifier()));
        HttpResponse<String> r = Browser.postForm(emu.tokenUri(), form);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("redirect_uri_mismatch");
        emu.registerClient(CLIENT_ID, CLIENT_SECRET, java.util.List.of(REDIRECT));
    }

    @Test
    void wrongClientSecretIsInvalidClient401() throws Exception {
        TestClients.Authorization a = TestClients.authorize(emu, "alice@example.com", DRIVE_FILE, true, "consent");
        HttpResponse<String> r = Browser.postForm(emu.tokenUri(), Map.of("grant_type", "authorization_code",
                "code", a.code(), "redirect_uri", REDIRECT, "client_id", CLIENT_ID, "client_secret", "nope",
                "code_verifier", a.verifier()));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("invalid_client");
    }

    @Test
    void basicClientAuthenticationWorks() throws Exception {
        TestClients.Authorization a = TestClients.authorize(emu, "alice@example.com", DRIVE_FILE, true, "consent");
        String basic = Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = Browser.HTTP.send(HttpRequest.newBuilder(URI.create(emu.tokenUri()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(Browser.encode(Map.of("grant_type", "authorization_code",
                        "code", a.code(), "redirect_uri", REDIRECT, "code_verifier", a.verifier()))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"access_token\"", "\"refresh_token\"", "\"token_type\" : \"Bearer\"");
    }

    @Test
    void unsupportedGrantType() throws Exception {
        HttpResponse<String> r = Browser.postForm(emu.tokenUri(), Map.of("grant_type", "password",
                "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("unsupported_grant_type");
    }

    @Test
    void onlineAccessHasNoRefreshToken() throws Exception {
        TestClients.Authorization a = TestClients.authorize(emu, "alice@example.com", DRIVE_FILE, false, "consent");
        TokenResponse tokens = TestClients.exchange(emu, a.code(), a.verifier());
        assertThat(tokens.getAccessToken()).isNotBlank();
        assertThat(tokens.getRefreshToken()).isNull();
    }

    @Test
    void repeatConsentGetsARefreshTokenOnlyWithPromptConsent() throws Exception {
        TestClients.Authorization first = TestClients.authorize(emu, "bob@example.com", DRIVE_FILE, true, "select_account");
        assertThat(TestClients.exchange(emu, first.code(), first.verifier()).getRefreshToken()).isNotNull();
        TestClients.Authorization again = TestClients.authorize(emu, "bob@example.com", DRIVE_FILE, true, "select_account");
        assertThat(TestClients.exchange(emu, again.code(), again.verifier()).getRefreshToken()).isNull();
        TestClients.Authorization forced = TestClients.authorize(emu, "bob@example.com", DRIVE_FILE, true, "consent");
        assertThat(TestClients.exchange(emu, forced.code(), forced.verifier()).getRefreshToken()).isNotNull();
    }

    @Test
    void refreshGrantThroughUserCredentials() throws Exception {
        TokenResponse tokens = TestClients.connect(emu, "carol@example.com", DRIVE_FILE);
        UserCredentials credentials = TestClients.userCredentials(emu, tokens.getRefreshToken());
        var refreshed = credentials.refreshAccessToken();
        assertThat(refreshed.getTokenValue()).startsWith("ya29.").isNotEqualTo(tokens.getAccessToken());
        About about = TestClients.drive(emu, credentials).about().get().setFields("user(emailAddress)").execute();
        assertThat(about.getUser().getEmailAddress()).isEqualTo("carol@example.com");
        assertThat(emu.admin().requestCount("POST /token")).isGreaterThanOrEqualTo(2);

        HttpResponse<String> raw = Browser.postForm(emu.tokenUri(), Map.of("grant_type", "refresh_token",
                "refresh_token", tokens.getRefreshToken(), "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET));
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).contains("\"access_token\"", "\"expires_in\"", "\"scope\"").doesNotContain("refresh_token");
    }

    @Test
    void unknownRefreshTokenIsInvalidGrant() throws Exception {
        UserCredentials credentials = TestClients.userCredentials(emu, "1//unknown");
        assertThatThrownBy(credentials::refreshAccessToken).hasMessageContaining("invalid_grant");
    }

    @Test
    void revokeRefreshTokenThenDriveIs401AndRefreshFails() throws Exception {
        TokenResponse tokens = TestClients.connect(emu, "alice@example.com", DRIVE_FILE);
        HttpResponse<String> r = Browser.postForm(emu.revokeUri(), Map.of("token", tokens.getRefreshToken()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> TestClients.drive(emu, tokens.getAccessToken()).about().get().setFields("user").execute())
                .isInstanceOfSatisfying(GoogleJsonResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(401);
                    assertThat(e.getDetails().getErrors().get(0).getReason()).isEqualTo("authError");
                    assertThat(e.getHeaders().getAuthenticate()).isEqualTo("Bearer realm=\"https://accounts.google.com/\"");
                });
        assertThatThrownBy(() -> TestClients.userCredentials(emu, tokens.getRefreshToken()).refreshAccessToken())
                .hasMessageContaining("invalid_grant");
        HttpResponse<String> again = Browser.postForm(emu.revokeUri(), Map.of("token", tokens.getRefreshToken()));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("invalid_token");
    }

    @Test
    void revokeAccessTokenByQuery() throws Exception {
        TokenResponse tokens = TestClients.connect(emu, "alice@example.com", DRIVE_FILE);
        HttpResponse<String> r = Browser.HTTP.send(HttpRequest.newBuilder(
                        URI.create(emu.revokeUri() + "?token=" + tokens.getAccessToken()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(emu.admin().grants(CLIENT_ID, "alice@example.com")).allSatisfy(g -> assertThat(g.revoked()).isTrue());
    }

    @Test
    void accessTokenExpires() throws Exception {
        TokenResponse tokens = TestClients.connect(emu, "alice@example.com", DRIVE_FILE);
        emu.admin().advanceClock(Duration.ofHours(1));
        assertThatThrownBy(() -> TestClients.drive(emu, tokens.getAccessToken()).about().get().setFields("user").execute())
                .isInstanceOfSatisfying(GoogleJsonResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(401));
        // the refresh token outlives it
        UserCredentials credentials = TestClients.userCredentials(emu, tokens.getRefreshToken());
        assertThat(TestClients.drive(emu, credentials).about().get().setFields("user").execute().getUser().getMe()).isTrue();
    }

    @Test
    void openidAddsAnIdToken() throws Exception {
        TestClients.Authorization a = TestClients.authorize(emu, "alice@example.com", "openid email " + DRIVE_FILE, true, "consent");
        TokenResponse tokens = TestClients.exchange(emu, a.code(), a.verifier());
        String idToken = (String) tokens.get("id_token");
        assertThat(idToken).isNotNull();
        String payload = new String(Base64.getUrlDecoder().decode(idToken.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(payload).contains("alice@example.com", CLIENT_ID);
    }
}
