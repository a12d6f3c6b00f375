package dev.drivelink.core.adapters.google;

import com.google.api.client.http.HttpExecuteInterceptor;
import com.google.api.client.http.HttpRequestFactory;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.drive.Drive;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.drivelink.core.drive.DriveException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

/** Builds Drive clients for an access token against the configured root URL. The one place for that. */
public final class GoogleDriveClients {

    private final HttpTransport transport;
    private final String rootUrl;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final String origin;

    public GoogleDriveClients(HttpTransport transport, String rootUrl, Duration connectTimeout, Duration readTimeout) {
        this.transport = transport;
        this.rootUrl = rootUrl.endsWith("/") ? rootUrl : rootUrl + "/";
        this.origin = origin(this.rootUrl);
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /**
     * Authorizes requests with the token, but only requests to the configured Drive origin: a URL from
     * elsewhere (a stored session URI, a Location header) never gets the bearer token. Redirects are
     * not followed (the client would re-authorize the redirected request).
     */
    private HttpRequestInitializer initializer(String accessToken, Duration timeLeft) {
        var credentials = new HttpCredentialsAdapter(GoogleCredentials.create(new AccessToken(accessToken, null)));
        return request -> {
            credentials.initialize(request);
            HttpExecuteInterceptor authorize = request.getInterceptor();
            request.setInterceptor(outgoing -> {
                requireDriveOrigin(outgoing.getUrl().build());
                if (authorize != null) {
                    authorize.intercept(outgoing);
                }
            });
            request.setFollowRedirects(false);
            request.setConnectTimeout(millis(connectTimeout, timeLeft));
            request.setReadTimeout(millis(readTimeout, timeLeft));
        };
    }

    /** The timeout, or the time left when that is shorter (at least 1 ms). */
    private static int millis(Duration timeout, Duration timeLeft) {
        long left = timeLeft == null ? Long.MAX_VALUE : timeLeft.toMillis();
        return (int) Math.max(1, Math.min(timeout.toMillis(), Math.min(left, Integer.MAX_VALUE)));
    }

    /** @throws DriveException REJECTED when {@code url} is not on the Drive API's origin */
    void requireDriveOrigin(String url) {
        if (!origin(url).equals(origin)) {
            throw new DriveException(DriveException.Kind.REJECTED, 0, "foreignOrigin",
                    "refusing to send the Drive token to " + origin(url) + " (only " + origin + " gets it)", null);
        }
    }

    /** scheme://host:port, lower case, with the scheme's default port spelled out. */
    static String origin(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
            return scheme + "://" + host + ":" + port + (uri.getRawUserInfo() == null ? "" : "#userinfo");
        } catch (URISyntaxException e) {
            return "invalid";
        }
    }

    Drive drive(String accessToken, Duration timeLeft) {
        return new Drive.Builder(transport, GsonFactory.getDefaultInstance(), initializer(accessToken, timeLeft))
                .setRootUrl(rootUrl)
                .setServicePath("drive/v3/")
                .setApplicationName("drivelink")
                .build();
    }

    /** Raw requests (the resumable upload protocol), authorized and with our timeouts. */
    HttpRequestFactory requests(String accessToken, Duration timeLeft) {
        return transport.createRequestFactory(initializer(accessToken, timeLeft));
    }

    String uploadUrl() {
        return rootUrl + "upload/drive/v3/files";
    }
}
