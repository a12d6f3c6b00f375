package dev.drivelink.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.client.auth.oauth2.TokenResponse;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.drive.Drive;
import com.google.api.services.drive.model.File;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.drivelink.emulator.TestClients.CLIENT_ID;
import static dev.drivelink.emulator.TestClients.CLIENT_SECRET;
import static dev.drivelink.emulator.TestClients.DRIVE;
import static dev.drivelink.emulator.TestClients.DRIVE_FILE;
import static dev.drivelink.emulator.TestClients.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OAuth behaviours of issue 3 not covered by OAuthFlowTest: lifetimes, refresh token expiry, scopes, ID tokens. */
class OAuthConformanceTest {
    @RegisterExtension
    static GoogleEmulatorExtension google = GoogleEmulatorExtension.withClient(CLIENT_ID, CLIENT_SECRET, REDIRECT);

    GoogleEmulator emu;

    @BeforeEach
    void reset() {
        emu = google.emulator();
        emu.admin().reset();
    }

    private static HttpResponse<String> refresh(GoogleEmulator emu, String refreshToken, String scope) throws Exception {
        Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken,
                "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET));
        if (scope != null) {
            form.put("scope", scope);
        }
        return Browser.postForm(emu.tokenUri(), form);
    }

    private static void assertAuthError(Drive drive) {
        GoogleJsonResponseException e = DriveFilesTest.error(() -> drive.about().get().setFields("user").execute());
        assertThat(e.getStatusCode()).isEqualTo(401);
        assertThat(e.getDetails().getErrors().get(0).getReason()).isEqualTo("authError");
    }

    @Test
    void accessTokenLifetimeIsConfigurable() throws Exception {
        try (GoogleEmulator shortLived = GoogleEmulator.builder().port(0).client(CLIENT_ID, CLIENT_SECRET, List.of(REDIRECT))
                .accessTokenLifetime(Duration.ofMinutes(5)).build().start()) {
            TokenResponse tokens = TestClients.connect(shortLived, "alice@example.com", DRIVE_FILE);
            assertThat(tokens.getExpiresInSeconds()).isEqualTo(299L);
            Drive drive = TestClients.drive(shortLived, tokens.getAccessToken());
            shortLived.admin().advanceClock(Duration.ofMinutes(4));
            assertThat(drive.about().get().setFields("user").execute().getUser().getMe()).isTrue();
            shortLived.admin().advanceClock(Duration.ofMinutes(1));
            assertAuthError(drive);
            JsonNode refreshed = Json.MAPPER.readTree(refresh(shortLived, tokens.getRefreshToken(), null).body());
            assertThat(refreshed.get("expires_in").asLong()).isEqualTo(299L);
        }
        // the same from the command line
        try (GoogleEmulator fromArgs = GoogleEmulatorMain.parse(new String[] {"--port", "0", "--token-lifetime-seconds", "120",
            "--client", CLIENT_ID + ":" + CLIENT_SECRET + ":" + REDIRECT}).build().start()) {
            assertThat(TestClients.connect(fromArgs, "bob@example.com", DRIVE_FILE).getExpiresInSeconds()).isEqualTo(119L);
        }
    }

    @Test
    void refreshTokenUnusedForSixMonthsIsInvalidGrant() throws Exception {
        TokenResponse tokens = TestClients.connect(emu, "alice@example.com", DRIVE_FILE);
        emu.admin().advanceClock(Duration.ofDays(180));
        assertThat(refresh(emu, tokens.getRefreshToken(), null).statusCode()).isEqualTo(200); // used: the clock restarts
        emu.admin().advanceClock(Duration.ofDays(180));
        assertThat(refresh(emu, tokens.getRefreshToken(), null).statusCode()).isEqualTo(200);
        emu.admin().advanceClock(Duration.ofDays(184));
        HttpResponse<String> expired = refresh(emu, tokens.getRefreshToken(), null);
        assertThat(expired.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(expired.body()).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(emu.admin().grants(CLIENT_ID, "alice@example.com")).singleElement().satisfies(g -> {
            assertThat(g.revoked()).isTrue();
            assertThat(g.revokedBecause()).contains("six months");
        });
    }

    @Test
    void testingProjectRefreshTokensExpireAfterTheirLifetime() throws Exception {
        try (GoogleEmulator testing = GoogleEmulator.builder().port(0).client(CLIENT_ID, CLIENT_SECRET, List.of(REDIRECT))
                .refreshTokenLifetime(Duration.ofDays(7)).build().start()) {
            TokenResponse tokens = TestClients.connect(testing, "alice@example.com", DRIVE_FILE);
            testing.admin().advanceClock(Duration.ofDays(6));
            assertThat(TestClients.userCredentials(testing, tokens.getRefreshToken()).refreshAccessToken()).isNotNull();
            testing.admin().advanceClock(Duration.ofDays(1));
            assertThatThrownBy(() -> TestClients.userCredentials(testing, tokens.getRefreshToken()).refreshAccessToken())
                    .hasMessageContaining("invalid_grant");
        }
    }

    @Test
    void theOldestOfMoreThan100RefreshTokensStopsWorking() throws Exception {
        TokenResponse first = TestClients.connect(emu, "carol@example.com", DRIVE_FILE);
        TokenResponse second = TestClients.connect(emu, "carol@example.com", DRIVE_FILE);
        for (int i = 0; i < 99; i++) {
            TestClients.connect(emu, "carol@example.com", DRIVE_FILE);
        }
        assertThat(refresh(emu, first.getRefreshToken(), null).body()).contains("invalid_grant");
        assertThat(refresh(emu, second.getRefreshToken(), null).statusCode()).isEqualTo(200);
        assertThat(emu.admin().grants(CLIENT_ID, "carol@example.com")).filteredOn(g -> !g.revoked()).hasSize(100);
    }

    @Test
    void grantedScopesAreRecordedAndReturnedAndRefreshMayNarrowThem() throws Exception {
        TestClients.Authorization a = TestClients.authorize(emu, "alice@example.com", DRIVE_FILE + " openid email", true, "consent");
        assertThat(a.redirectParams().get("scope").split(" "))
                .containsExactlyInAnyOrder(DRIVE_FILE, "openid", "https://www.googleapis.com/auth/userinfo.email");
        TokenResponse tokens = TestClients.exchange(emu, a.code(), a.verifier());
        assertThat(tokens.getScope().split(" "))
                .containsExactlyInAnyOrder(DRIVE_FILE, "openid", "https://www.googleapis.com/auth/userinfo.email");
        assertThat(emu.admin().grants(CLIENT_ID, "alice@example.com")).singleElement().satisfies(g -> assertThat(g.scopes())
                .containsExactlyInAnyOrder(DRIVE_FILE, "openid", "https://www.googleapis.com/auth/userinfo.email"));

        // a narrower scope on refresh: the token carries only that
        JsonNode narrow = Json.MAPPER.readTree(refresh(emu, tokens.getRefreshToken(), "openid").body());
        assertThat(narrow.get("scope").asText()).isEqualTo("openid");
        // ... and lacks what Drive needs: 403 insufficientPermissions
        Drive noDrive = TestClients.drive(emu, narrow.get("access_token").asText());
        GoogleJsonResponseException e = DriveFilesTest.error(() -> noDrive.files().list().execute());
        assertThat(e.getStatusCode()).isEqualTo(403);
        assertThat(e.getDetails().getErrors().get(0).getReason()).isEqualTo("insufficientPermissions");
        // a wider one is refused
        HttpResponse<String> wider = refresh(emu, tokens.getRefreshToken(), DRIVE);
        assertThat(wider.statusCode()).isEqualTo(400);
        assertThat(wider.body()).contains("invalid_scope");
    }

    @Test
    void aReadOnlyTokenCannotWrite() throws Exception {
        Drive readOnly = TestClients.drive(emu, TestClients.connect(emu, "alice@example.com",
                "https://www.googleapis.com/auth/drive.readonly").getAccessToken());
        assertThat(readOnly.files().list().execute().getFiles()).isEmpty();
        GoogleJsonResponseException e = DriveFilesTest.error(() ->
                readOnly.files().create(new File().setName("nope").setMimeType(DriveBasicsTest.FOLDER)).execute());
        assertThat(e.getStatusCode()).isEqualTo(403);
        assertThat(e.getDetails().getErrors().get(0).getReason()).isEqualTo("insufficientPermissions");
    }

    @Test
    void idTokenIsSignedWithTheKeyOfTheJwkSet() throws Exception {
        TestClients.Authorization a = TestClients.authorize(emu, "bob@example.com", "openid email profile " + DRIVE_FILE, true, "consent");
        String idToken = (String) TestClients.exchange(emu, a.code(), a.verifier()).get("id_token");
        String[] parts = idToken.split("\\.");
        JsonNode header = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));

        JsonNode discovery = Json.MAPPER.readTree(Browser.get(emu.baseUrl() + ".well-known/openid-configuration").body());
        assertThat(discovery.get("token_endpoint").asText()).isEqualTo(emu.tokenUri());
        assertThat(discovery.get("authorization_endpoint").asText()).isEqualTo(emu.authUri());
        JsonNode jwks = Json.MAPPER.readTree(Browser.get(discovery.get("jwks_uri").asText()).body());
        JsonNode key = jwks.get("keys").get(0);
        assertThat(key.get("kid").asText()).isEqualTo(header.get("kid").asText());
        PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(key.get("n").asText())),
                new BigInteger(1, Base64.getUrlDecoder().decode(key.get("e").asText()))));
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();

        assertThat(claims.get("iss").asText()).isEqualTo("https://accounts.google.com");
        assertThat(claims.get("aud").asText()).isEqualTo(CLIENT_ID);
        assertThat(claims.get("sub").asText()).isEqualTo(emu.account("bob@example.com").permissionId());
        assertThat(claims.get("email").asText()).isEqualTo("bob@example.com");
        assertThat(claims.get("name").asText()).isEqualTo("Bob Example");
    }

    @Test
    void revokingAnAccessTokenEndsDriveAccessAndTheRefreshToken() throws Exception {
        TokenResponse tokens = TestClients.connect(emu, "alice@example.com", DRIVE_FILE);
        assertThat(Browser.postForm(emu.revokeUri(), Map.of("token", tokens.getAccessToken())).statusCode()).isEqualTo(200);
        assertAuthError(TestClients.drive(emu, tokens.getAccessToken()));
        assertThat(refresh(emu, tokens.getRefreshToken(), null).body()).contains("invalid_grant");
    }

    @Test
    void theUserRemovingTheAppsAccessKillsEveryToken() throws Exception {
        TokenResponse one = TestClients.connect(emu, "alice@example.com", DRIVE_FILE);
        TokenResponse two = TestClients.connect(emu, "alice@example.com", DRIVE_FILE);
        TokenResponse bob = TestClients.connect(emu, "bob@example.com", DRIVE_FILE);
        assertThat(emu.admin().revokeAccess(CLIENT_ID, "alice@example.com")).isEqualTo(2);
        assertAuthError(TestClients.drive(emu, one.getAccessToken()));
        assertAuthError(TestClients.drive(emu, two.getAccessToken()));
        assertThat(refresh(emu, two.getRefreshToken(), null).body()).contains("invalid_grant");
        assertThat(emu.admin().grants(CLIENT_ID, "alice@example.com")).allSatisfy(g -> {
            assertThat(g.revoked()).isTrue();
            assertThat(g.revokedBecause()).isEqualTo("admin");
            assertThat(g.activeAccessTokens()).isZero();
        });
        // other accounts keep working; the next consent of alice is a first consent again (refresh token issued)
        assertThat(TestClients.drive(emu, bob.getAccessToken()).about().get().setFields("user").execute().getUser()).isNotNull();
        TestClients.Authorization again = TestClients.authorize(emu, "alice@example.com", DRIVE_FILE, true, "select_account");
        assertThat(TestClients.exchange(emu, again.code(), again.verifier()).getRefreshToken()).isNotNull();

        // over HTTP
        HttpResponse<String> r = Browser.HTTP.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "admin/revoke-access"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"clientId\":\"" + CLIENT_ID + "\",\"account\":\"bob@example.com\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(Json.MAPPER.readTree(r.body()).get("revokedGrants").asInt()).isEqualTo(1);
        assertAuthError(TestClients.drive(emu, bob.getAccessToken()));
    }
}
