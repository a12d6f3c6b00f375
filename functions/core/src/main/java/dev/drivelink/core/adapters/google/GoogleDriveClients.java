package dev.drivelink.core.adapters.google;

import com.google.api.client.http.HttpRequestFactory;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.drive.Drive;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import java.time.Duration;

/** Builds Drive clients for an access token against the configured root URL. The one place for that. */
public final class GoogleDriveClients {

    private final HttpTransport transport;
    private final String rootUrl;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    public GoogleDriveClients(HttpTransport transport, String rootUrl, Duration connectTimeout, Duration readTimeout) {
        this.transport = transport;
        this.rootUrl = rootUrl.endsWith("/") ? rootUrl : rootUrl + "/";
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    private HttpRequestInitializer initializer(String accessToken) {
        var credentials = new HttpCredentialsAdapter(GoogleCredentials.create(new AccessToken(accessToken, null)));
        return request -> {
            credentials.initialize(request);
            request.setConnectTimeout((int) connectTimeout.toMillis());
            request.setReadTimeout((int) readTimeout.toMillis());
        };
    }

    Drive drive(String accessToken) {
        return new Drive.Builder(transport, GsonFactory.getDefaultInstance(), initializer(accessToken))
                .setRootUrl(rootUrl)
                .setServicePath("drive/v3/")
                .setApplicationName("drivelink")
                .build();
    }

    /** Raw requests (the resumable upload protocol), authorized and with our timeouts. */
    HttpRequestFactory requests(String accessToken) {
        return transport.createRequestFactory(initializer(accessToken));
    }

    String uploadUrl() {
        return rootUrl + "upload/drive/v3/files";
    }
}
