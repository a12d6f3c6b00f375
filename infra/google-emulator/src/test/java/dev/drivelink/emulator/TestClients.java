package dev.drivelink.emulator;

import com.google.api.client.auth.oauth2.AuthorizationCodeTokenRequest;
import com.google.api.client.auth.oauth2.ClientParametersAuthentication;
import com.google.api.client.auth.oauth2.TokenResponse;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.drive.Drive;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.UserCredentials;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** The real Google clients, pointed at the emulator. */
final class TestClients {
    static final String CLIENT_ID = "test-client.apps.googleusercontent.com";
    static final String CLIENT_SECRET = "test-secret";
    static final String REDIRECT = "http://localhost:3000/drive/callback";
    static final String DRIVE_FILE = "https://www.googleapis.com/auth/drive.file";
    static final String DRIVE = "https://www.googleapis.com/auth/drive";
    static final NetHttpTransport TRANSPORT = new NetHttpTransport();

    private TestClients() {
    }

    record Authorization(String code, String verifier, Map<String, String> redirectParams) {
    }

    /** The whole browser part of the flow with PKCE S256: returns the code from the redirect. */
    static Authorization authorize(GoogleEmulator emu, String account, String scope, boolean offline, String prompt)
            throws Exception {
        return authorize(emu, CLIENT_ID, account, scope, offline, prompt);
    }

    static Authorization authorize(GoogleEmulator emu, String clientId, String account, String scope, boolean offline,
                                   String prompt) throws Exception {
        String verifier = Browser.verifier();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", clientId);
        params.put("redirect_uri", REDIRECT);
        params.put("response_type", "code");
        params.put("scope", scope);
        params.put("state", "st-" + System.nanoTime());
        params.put("access_type", offline ? "offline" : "online");
        params.put("prompt", prompt);
        params.put("code_challenge", Browser.challenge(verifier));
        params.put("code_challenge_method", "S256");
        var response = Browser.consent(emu, params, account, "allow");
        if (response.statusCode() != 302) {
            throw new AssertionError("decision answered " + response.statusCode() + ": " + response.body());
        }
        Map<String, String> q = Browser.query(response.headers().firstValue("Location").orElseThrow());
        return new Authorization(q.get("code"), verifier, q);
    }

    static TokenResponse exchange(GoogleEmulator emu, String code, String verifier) throws Exception {
        return exchange(emu, CLIENT_ID, CLIENT_SECRET, code, verifier);
    }

    static TokenResponse exchange(GoogleEmulator emu, String clientId, String secret, String code, String verifier)
            throws Exception {
        return new AuthorizationCodeTokenRequest(TRANSPORT, GsonFactory.getDefaultInstance(),
                new GenericUrl(emu.tokenUri()), code)
                .setRedirectUri(REDIRECT)
                .setClientAuthentication(new ClientParametersAuthentication(clientId, secret))
                .set("code_verifier", verifier)
                .execute();
    }

    static TokenResponse connect(GoogleEmulator emu, String account, String scope) throws Exception {
        Authorization a = authorize(emu, account, scope, true, "consent");
        return exchange(emu, a.code(), a.verifier());
    }

    /** Connects with another registered client (its redirect URI must include REDIRECT). */
    static TokenResponse connect(GoogleEmulator emu, String clientId, String secret, String account, String scope)
            throws Exception {
        Authorization a = authorize(emu, clientId, account, scope, true, "consent");
        return exchange(emu, clientId, secret, a.code(), a.verifier());
    }

    static Drive drive(GoogleEmulator emu, GoogleCredentials credentials) {
        return new Drive.Builder(TRANSPORT, GsonFactory.getDefaultInstance(), new HttpCredentialsAdapter(credentials))
                .setRootUrl(emu.driveRootUrl()).setServicePath("drive/v3/").setApplicationName("emulator-test").build();
    }

    static Drive drive(GoogleEmulator emu, String accessToken) {
        return drive(emu, GoogleCredentials.create(new AccessToken(accessToken, null)));
    }

    static UserCredentials userCredentials(GoogleEmulator emu, String refreshToken) {
        return UserCredentials.newBuilder().setClientId(CLIENT_ID).setClientSecret(CLIENT_SECRET)
                .setRefreshToken(refreshToken).setTokenServerUri(URI.create(emu.tokenUri())).build();
    }
}
