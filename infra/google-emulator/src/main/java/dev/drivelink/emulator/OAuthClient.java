package dev.drivelink.emulator;

import java.util.List;

/** A registered OAuth client (a "Web application" client of the Google Cloud console). */
public record OAuthClient(String clientId, String clientSecret, List<String> redirectUris) {
    public OAuthClient {
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("clientId is required");
        }
        if (clientSecret == null) {
            throw new IllegalArgumentException("clientSecret is required");
        }
        redirectUris = List.copyOf(redirectUris);
    }
}
